using System.Globalization;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>Resident memory of another process as the kernel reports it in <c>/proc/PID/status</c> (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS (resident now) and VmHWM (most resident since start or the last <see cref="ResetPeak"/>), in bytes.</summary>
    /// <exception cref="IOException">The process is gone.</exception>
    internal static (long Resident, long Peak) Of(int pid)
    {
        long resident = -1, peak = -1;
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) resident = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
        }
        if (resident < 0 || peak < 0) throw new IOException($"/proc/{pid}/status has no VmRSS or VmHWM");
        return (resident, peak);
    }

    /// <summary>Sets VmHWM back to the current VmRSS (writes 5 to <c>/proc/PID/clear_refs</c>; needs the same user or root).</summary>
    internal static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/clear_refs", "5");

    /// <summary>"VmRSS:    123456 kB" → 123456.</summary>
    private static long Kilobytes(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
