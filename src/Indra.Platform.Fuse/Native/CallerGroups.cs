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
    /// <summary>The lookup a <see cref="CallerContext"/> from the FUSE host carries (<see cref="CallerContext.SupplementaryGroups"/>).</summary>
    public static readonly Func<int, uint, bool> Lookup = IsSupplementaryMember;

    /// <summary>True when process <paramref name="pid"/>'s supplementary groups include <paramref name="gid"/>;
    /// false when the process is gone or unknown (pid 0).</summary>
    public static bool IsSupplementaryMember(int pid, uint gid)
    {
        if (pid <= 0)
        {
            return false;
        }
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
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
