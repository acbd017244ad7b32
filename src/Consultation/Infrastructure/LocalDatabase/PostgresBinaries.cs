using System.Diagnostics;

namespace ConsultationPlatform.Infrastructure.LocalDatabase;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public static class PostgresBinaries
{
    public const string MissingMessage =
        "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found on PATH, through 'pg_config --bindir', " +
        "or under /usr/lib/postgresql/*/bin. Install PostgreSQL 15 or newer (Debian/Ubuntu: 'apt-get install postgresql-15'), " +
        "set LocalDatabase__BinDirectory to the folder that holds them, " +
        "or point the platform at an existing server with ConnectionStrings__Consultation.";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    public static string? Find(string? configured = null)
    {
        foreach (var candidate in Candidates(configured))
        {
            if (IsServerBinDirectory(candidate)) return Path.GetFullPath(candidate);
        }

        return null;
    }

    public static bool IsServerBinDirectory(string? directory) =>
        !string.IsNullOrWhiteSpace(directory) && Programs.All(p => File.Exists(Path.Combine(directory, p)));

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) yield return configured;

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            yield return directory;

        if (PgConfigBinDirectory() is { } fromPgConfig) yield return fromPgConfig;

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(x => x.Version);
            foreach (var (directory, _) in versions) yield return Path.Combine(directory, "bin");
        }
    }

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not installed
        }
    }
}
