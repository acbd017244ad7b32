using JasperFx.CommandLine;

namespace ConsultationPlatform.Outcome.OpenData;

public sealed class VerifyLogInput
{
    [Description("The public event log to check (NDJSON, as served by GET /api/consultations/{id}/open-data/log)")]
    public string File { get; set; } = "";
}

/// <summary>
/// <c>dotnet run --project src/Consultation -- verify-log FILE</c>: checks the hash chain of a public event log, line by
/// line (docs/open-data.md). Exit code 0 when intact; 1, naming the first bad line, when not.
/// </summary>
[Description("Checks the hash chain of a consultation's public event log (NDJSON) and names the first bad line", Name = "verify-log")]
public sealed class VerifyLogCommand : JasperFxAsyncCommand<VerifyLogInput>
{
    public override async Task<bool> Execute(VerifyLogInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            await Console.Error.WriteLineAsync($"verify-log: no such file: {input.File}");
            return false;
        }

        var lines = OpenDataArchive.Lines(await System.IO.File.ReadAllTextAsync(input.File));
        var verdict = PublicLog.Verify(lines);
        if (verdict.Intact)
        {
            Console.WriteLine($"verify-log: {input.File}: intact, {verdict.Records} records, head {verdict.Head}");
            return true;
        }

        await Console.Error.WriteLineAsync($"verify-log: {input.File}: line {verdict.FirstBadLine}: {verdict.Reason}");
        await Console.Error.WriteLineAsync($"verify-log: the {verdict.Records} records before it are intact (head {verdict.Head})");
        return false;
    }
}
