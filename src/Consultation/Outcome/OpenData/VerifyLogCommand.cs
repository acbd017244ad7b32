using JasperFx.CommandLine;

namespace ConsultationPlatform.Outcome.OpenData;

public sealed class VerifyLogInput
{
    [Description("The public event log to check (NDJSON, as served by GET /api/consultations/{id}/open-data/log)")]
    public string File { get; set; } = "";
}

/// <summary>
/// <c>dotnet run --project src/Consultation -- verify-log FILE</c>: checks the hash chain of a public event log, line by
/// line (docs/open-data.md). Exit code 0 when intact; 1, naming the first bad line, when not. A pure check of a file:
/// <see cref="Standalone"/> runs it before the app is built, so no database (nor the private PostgreSQL cluster) starts.
/// </summary>
[Description("Checks the hash chain of a consultation's public event log (NDJSON) and names the first bad line", Name = "verify-log")]
public sealed class VerifyLogCommand : JasperFxAsyncCommand<VerifyLogInput>
{
    public override Task<bool> Execute(VerifyLogInput input) => Verify(input.File, Console.Out, Console.Error);

    /// <summary>
    /// For <c>verify-log FILE</c> (exactly): the exit code of the check, run without building the app; otherwise null
    /// (the command line goes to the app's JasperFx commands as usual, e.g. <c>help verify-log</c>).
    /// </summary>
    public static async Task<int?> Standalone(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        args is [var command, var file] && string.Equals(command, "verify-log", StringComparison.OrdinalIgnoreCase) && !file.StartsWith('-')
            ? await Verify(file, output ?? Console.Out, error ?? Console.Error) ? 0 : 1
            : null;

    public static async Task<bool> Verify(string file, TextWriter output, TextWriter error)
    {
        if (!System.IO.File.Exists(file))
        {
            await error.WriteLineAsync($"verify-log: no such file: {file}");
            return false;
        }

        var lines = OpenDataArchive.Lines(await System.IO.File.ReadAllTextAsync(file));
        var verdict = PublicLog.Verify(lines);
        if (verdict.Intact)
        {
            await output.WriteLineAsync($"verify-log: {file}: intact, {verdict.Records} records, head {verdict.Head}");
            return true;
        }

        await error.WriteLineAsync($"verify-log: {file}: line {verdict.FirstBadLine}: {verdict.Reason}");
        await error.WriteLineAsync($"verify-log: the {verdict.Records} records before it are intact (head {verdict.Head})");
        return false;
    }
}
