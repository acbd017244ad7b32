using System.Globalization;
using System.Runtime.InteropServices;

namespace ConsultationPlatform.Bench.Infrastructure;

/// <summary>What the benchmark reads from Linux: /proc for CPU, memory and sockets; the open-files limit; signals.</summary>
public static class Linux
{
    private const int RlimitNoFile = 7;
    private const int ScClkTck = 2;
    private const int SigTerm = 15;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);

    [DllImport("libc")]
    private static extern long sysconf(int name);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public static bool IsLinux => OperatingSystem.IsLinux();

    /// <summary>Raises the soft open-files limit to the hard one (children, the server included, inherit it).</summary>
    public static (ulong Soft, ulong Hard) RaiseOpenFilesLimit()
    {
        if (!IsLinux || getrlimit(RlimitNoFile, out var limit) != 0) return (0, 0);
        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (setrlimit(RlimitNoFile, ref raised) == 0) limit = raised;
        }

        return (limit.Current, limit.Maximum);
    }

    /// <summary>Asks a process to stop (SIGTERM), as Ctrl+C or a service manager would.</summary>
    public static bool Terminate(int pid) => IsLinux && kill(pid, SigTerm) == 0;

    public static readonly long ClockTicksPerSecond = IsLinux ? Math.Max(1, sysconf(ScClkTck)) : 100;

    /// <summary>CPU time of a process in clock ticks: its own, and that of the children it has reaped.</summary>
    public static (long Own, long Children)? CpuTicks(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null) return null;
        // Fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.
        return (Long(fields[11]) + Long(fields[12]), Long(fields[13]) + Long(fields[14]));
    }

    public static int? ParentOf(int pid) => StatFields(pid) is { } f ? (int)Long(f[1]) : null;

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>.</summary>
    public static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            if (ParentOf(pid) == parent) yield return pid;
        }
    }

    /// <summary>Busy and total clock ticks of the whole machine since boot (/proc/stat).</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(Long).ToArray();
        // user nice system idle iowait irq softirq steal
        var idle = values[3] + values[4];
        var total = values.Sum();
        return (total - idle, total);
    }

    /// <summary>A kB figure of /proc/PID/status (VmHWM: peak resident memory; VmRSS: resident now).</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
                var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return Long(number);
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>Established TCP connections whose local port is <paramref name="port"/> (the server's side of each).</summary>
    public static int EstablishedConnections(int port)
    {
        var count = 0;
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 4) continue;
                var local = parts[1];
                if (parts[3] == "01" && local.EndsWith(":" + hexPort, StringComparison.Ordinal)) count++;
            }
        }

        return count;
    }

    public static string MemoryTotal()
    {
        var kb = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            ?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kb is null ? "?" : $"{Long(kb) / 1024.0 / 1024.0:F1} GiB";
    }

    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "?";

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
