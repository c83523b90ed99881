namespace Indra.Engine.Vaults;

/// <summary>Whether a process id names a running process (used for lock owners and mount daemons).</summary>
public static class ProcessLiveness
{
    /// <summary>
    /// True while process <paramref name="pid"/> runs. On Linux a zombie (state Z or X in <c>/proc/PID/stat</c>, see
    /// proc(5)) counts as exited: a daemon killed with SIGKILL stays one until its parent (often a container's init)
    /// reaps it. Elsewhere the process table is asked.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (!OperatingSystem.IsLinux()) return IsListed(pid);
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length) return true;
            return stat[close + 2] is not ('Z' or 'X' or 'x');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsListed(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
