using System.Runtime.InteropServices;

namespace Indra.Control.Service.Interop.Unix;

/// <summary>Linux <c>struct ucred</c> (socket(7), SO_PEERCRED): the process at the other end of a Unix socket when it connected.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PeerCredential
{
    /// <summary>Process id (<c>pid_t pid</c>).</summary>
    public int Pid;

    /// <summary>Effective user id (<c>uid_t uid</c>).</summary>
    public uint Uid;

    /// <summary>Effective group id (<c>gid_t gid</c>).</summary>
    public uint Gid;
}
