using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Indra.Sharing.State;

namespace Indra.Sharing;

/// <summary>
/// The port a vault's peer endpoint listens on, chosen for that vault at <c>indra init</c>: one the kernel finds free
/// on 127.0.0.1 at that moment (a bind to port 0), kept in the vault's sharing settings, so that two users' vaults (or
/// two vaults of one user) on a machine do not all ask for <see cref="SharingOptions.DefaultPort"/>. <c>indra peer
/// listen</c> overrides it.
/// </summary>
public static class PeerPort
{
    /// <summary>A TCP port nothing listens on at <paramref name="address"/> right now (the kernel's choice for port 0).</summary>
    /// <exception cref="SocketException">No port can be bound there.</exception>
    public static int ChooseFree(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Chooses a free port on 127.0.0.1 (<see cref="ChooseFree"/>) and records 127.0.0.1 and that port as the vault's
    /// listen address (the settings <c>indra peer listen</c> writes), for its mount daemon and its invites.
    /// </summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    /// <returns>The endpoint recorded.</returns>
    /// <exception cref="SocketException">No port can be bound on 127.0.0.1.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The sharing database cannot be written.</exception>
    public static IPEndPoint AssignFree(string vaultDirectory)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, ChooseFree(IPAddress.Loopback));
        using var db = SharingDatabase.Open(vaultDirectory);
        db.InTransaction(() =>
        {
            db.SetSetting(SharingDatabase.ListenAddressSetting, endpoint.Address.ToString());
            db.SetSetting(SharingDatabase.ListenPortSetting, endpoint.Port.ToString(CultureInfo.InvariantCulture));
        });
        return endpoint;
    }
}
