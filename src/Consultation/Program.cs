using ConsultationPlatform.Hosting;

return await ConsultationApp.RunAsync(args);

/// <summary>The entry point; the platform is assembled in <see cref="ConsultationApp"/>.</summary>
public partial class Program;
