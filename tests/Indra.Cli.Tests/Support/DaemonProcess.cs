using System.Globalization;

namespace Indra.Cli.Tests.Support;

/// <summary>The daemon serving a mount point, found in /proc by its command line, and what /proc says of it.</summary>
internal static class DaemonProcess
{
    /// <summary>The pid of the indra process whose command line names <paramref name="mountPoint"/>.</summary>
    public static int Of(string mountPoint)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (arguments.Contains("mount") && arguments.Contains(mountPoint)) return pid;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        throw new InvalidOperationException($"no daemon serves {mountPoint}");
    }

    /// <summary>Peak resident set size in bytes (VmHWM of /proc/PID/status).</summary>
    public static long PeakRss(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>Resident set size now, in bytes (VmRSS).</summary>
    public static long Rss(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/status");

    private static long StatusKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
