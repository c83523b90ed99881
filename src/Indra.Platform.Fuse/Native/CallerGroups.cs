using System.Globalization;
using Indra.FileSystem;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Whether a requesting process belongs to a group: its effective gid, or one of its supplementary groups read from
/// <c>/proc/PID/status</c> (the FUSE request carries only uid, gid and pid; libfuse's <c>fuse_req_getgroups</c> reads
/// the same file).
/// </summary>
internal static class CallerGroups
{
    /// <summary>True when <paramref name="caller"/>'s gid or supplementary groups include <paramref name="gid"/>;
    /// false when the process is gone and its gid differs.</summary>
    public static bool Contains(CallerContext caller, uint gid)
    {
        if (caller.Gid == gid)
        {
            return true;
        }
        if (caller.Pid <= 0)
        {
            return false;
        }
        try
        {
            foreach (string line in File.ReadLines($"/proc/{caller.Pid}/status"))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal))
                {
                    continue;
                }
                foreach (string group in line["Groups:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint member) && member == gid)
                    {
                        return true;
                    }
                }
                return false;
            }
        }
        catch (IOException)
        {
            // The process ended.
        }
        catch (UnauthorizedAccessException)
        {
            // Not readable: treat as not a member (the safer answer clears the bit).
        }
        return false;
    }
}
