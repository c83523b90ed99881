using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Indra.Control.Service.Interop.Unix;

/// <summary><c>getsockopt(fd, SOL_SOCKET, SO_PEERCRED)</c> (socket(7)) through <see cref="Socket.GetRawSocketOption"/>.</summary>
internal static class PeerCredentials
{
    /// <summary>SOL_SOCKET on Linux.</summary>
    internal const int SolSocket = 1;

    /// <summary>SO_PEERCRED on Linux (asm-generic/socket.h).</summary>
    internal const int SoPeerCred = 17;

    /// <summary>The credentials of the process that connected <paramref name="socket"/>, or null where the kernel has
    /// no such option (not Linux) or the call failed.</summary>
    internal static PeerCredential? Of(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> buffer = stackalloc byte[Marshal.SizeOf<PeerCredential>()];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, buffer);
            return length == buffer.Length ? MemoryMarshal.Read<PeerCredential>(buffer) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
