namespace ConsultationPlatform.Tests.Support;

/// <summary>Temporary folders for tests that start PostgreSQL clusters.</summary>
public static class TestFolder
{
    /// <summary>
    /// A new temporary folder that the <c>postgres</c> user can pass through (when the tests run as root, the
    /// cluster runs as that user; a folder only root may enter would send the cluster elsewhere).
    /// </summary>
    public static string Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                         | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return folder;
    }

    /// <summary>Deletes the folder and, should a cluster have moved elsewhere, that data folder and its password file too.</summary>
    public static void Delete(string folder, params string?[] dataDirectories)
    {
        foreach (var data in dataDirectories.OfType<string>().Where(d => !d.StartsWith(folder, StringComparison.Ordinal)))
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            if (File.Exists(data + ".password")) File.Delete(data + ".password");
        }

        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
