using System.Net;
using System.Net.Sockets;

namespace Indra.Cli.Tests.Support;

/// <summary>Loopback addresses for the daemons a test starts.</summary>
internal static class Loopback
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Points a vault's sharing service at a free loopback port (run before mounting).</summary>
    public static void ListenOnFreePort(string vaultDirectory) =>
        IndraCli.Run("peer", "listen", $"127.0.0.1:{FreePort()}", "--vault", vaultDirectory).Ok();
}
