using ConsultationPlatform.Hosting;

// verify-log FILE is a pure check of a file: it runs before (and without) the app, its database and its cluster.
if (await ConsultationPlatform.Outcome.OpenData.VerifyLogCommand.Standalone(args) is { } verified) return verified;
return await ConsultationApp.RunAsync(args);

/// <summary>The entry point; the platform is assembled in <see cref="ConsultationApp"/>.</summary>
public partial class Program;
