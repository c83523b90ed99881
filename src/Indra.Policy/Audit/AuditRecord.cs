namespace Indra.Policy.Audit;

/// <summary>
/// One line of the audit trail: who (uid, process name, pid) did what to which path and artifact, when (UTC).
/// </summary>
/// <param name="AtUtc">When, UTC.</param>
/// <param name="Uid">The caller's user id.</param>
/// <param name="Process">The caller's process name (<c>/proc/PID/comm</c>; empty when unknown).</param>
/// <param name="Pid">The caller's process id (0 when unknown).</param>
/// <param name="Operation">create, write, rename, delete, share, recall or pair.</param>
/// <param name="Path">The path on the mount ("/vault/a.txt"), or the peer's name for pair.</param>
/// <param name="Artifact">The artifact id (hex), or empty when there is none.</param>
/// <param name="Detail">More about the operation (the new path of a rename, "mode to peer" of a share), or null.</param>
public sealed record AuditRecord(DateTime AtUtc, uint Uid, string Process, int Pid, string Operation, string Path, string Artifact, string? Detail = null)
{
    /// <summary>The process name of <paramref name="pid"/> on Linux (<c>/proc/PID/comm</c>), else the empty string.</summary>
    public static string ProcessName(int pid)
    {
        if (pid <= 0 || !OperatingSystem.IsLinux()) return "";
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
