using System.Diagnostics;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>
/// Wolverine's handler code is generated ahead of time and committed (src/Consultation/Internal/Generated), and the app
/// loads it outside Development (<see cref="ScaleOut"/>, issue 14, goal 3). Generated code that no longer matches the
/// handlers would run silently, so this runs the documented command, <c>codegen write</c>, on the server's build into a
/// folder of its own and requires the same files, byte for byte, as the committed ones.
/// </summary>
public class GeneratedCodeTests
{
    private const string Regenerate =
        "Run `cd src/Consultation && ConnectionStrings__Consultation=\"Host=127.0.0.1;Port=1;Database=codegen\" dotnet bin/Release/net10.0/Consultation.dll codegen write` after a build, and commit Internal/Generated.";

    [Fact]
    public async Task the_committed_handler_code_is_what_codegen_write_generates_now()
    {
        var committed = Path.Combine(DatabaseSettings.RepositoryRoot()!, "src", "Consultation", "Internal", "Generated");
        var folder = Directory.CreateTempSubdirectory("consultation-codegen-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder, // codegen write writes under the content root: this folder
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { NodeProcess.ServerDll(), "codegen", "write" }) start.ArgumentList.Add(a);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            // It builds the app without starting it: the connection string only has to parse (no cluster is started).
            start.Environment["ConnectionStrings__Consultation"] = "Host=127.0.0.1;Port=1;Database=codegen";
            start.Environment.Remove("Wolverine__TypeLoadMode");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"codegen write failed ({process.ExitCode}):\n{await output}\n{await error}");

            var generated = Path.Combine(folder, "Internal", "Generated");
            var now = Files(generated);
            var before = Files(committed);
            Assert.NotEmpty(now);
            var missing = now.Keys.Except(before.Keys).Order().ToList();
            var stale = before.Keys.Except(now.Keys).Order().ToList();
            var changed = now.Keys.Intersect(before.Keys).Where(k => now[k] != before[k]).Order().ToList();
            Assert.True(missing.Count + stale.Count + changed.Count == 0,
                $"The committed generated code is not what codegen write generates now. Not committed: {string.Join(", ", missing)}. " +
                $"No longer generated: {string.Join(", ", stale)}. Different: {string.Join(", ", changed)}. {Regenerate}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            : [];
}
