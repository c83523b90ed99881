using System.Net;

namespace Indra.Sharing;

/// <summary>How a <see cref="SharingService"/> listens and syncs.</summary>
public sealed class SharingOptions
{
    /// <summary>Default TCP port of the peer endpoint.</summary>
    public const int DefaultPort = 7411;

    /// <summary>The only address the peer endpoint listens on (default 127.0.0.1: loopback only).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port of the peer endpoint; 0 picks a free port (the bound one is recorded for invites).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The host name or address put into invites (default: <see cref="ListenAddress"/>).</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>How often each paired peer is polled for changes, and local state (grants, expiries) re-read.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for a single request to a peer before it counts as unreachable.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Blocks fetched in parallel from one peer.</summary>
    public int ParallelBlockFetches { get; init; } = 8;

    /// <summary>
    /// Where the vault is mounted, when it is (for information: transfers are written and removed through the vault
    /// filesystem's inode calls, which announce each change to the mount's kernel caches).
    /// </summary>
    public string? MountPoint { get; init; }

    /// <summary>Machine policy's cap on the bytes one peer may place here (<c>quota.peerBytes</c>; 0: none): lowers
    /// every peer's own quota (<c>indra peer quota</c>).</summary>
    public long PeerQuotaBytesCap { get; set; }

    /// <summary>Machine policy's cap on the entries one peer may place here (<c>quota.peerFiles</c>; 0: none).</summary>
    public long PeerQuotaEntriesCap { get; set; }

    /// <summary>Folder under /vault where transferred artifacts land (created when missing).</summary>
    public string TransferFolder { get; init; } = "inbox";

    /// <summary>
    /// True when these options came from a vault with no port of its own (made before <c>indra init</c> chose one,
    /// <see cref="PeerPort"/>): it listens on <see cref="DefaultPort"/>, which every such vault on the machine asks
    /// for, so a second user's daemon finds it taken. <c>indra peer listen</c> gives it one.
    /// </summary>
    public bool SharedDefaultPort { get; init; }

    /// <summary>Options for the mount daemon: the address and port recorded in the vault's sharing database by
    /// <c>indra init</c> (<see cref="PeerPort.AssignFree"/>) or <c>indra peer listen</c> (127.0.0.1 and
    /// <see cref="DefaultPort"/> for a vault that has none, with <see cref="SharedDefaultPort"/> set) and the mount
    /// point.</summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    /// <param name="mountPoint">Where the vault is mounted, or null.</param>
    public static SharingOptions FromVault(string vaultDirectory, string? mountPoint = null)
    {
        using var db = State.SharingDatabase.Open(vaultDirectory);
        var address = db.GetSetting(State.SharingDatabase.ListenAddressSetting);
        var port = db.GetSetting(State.SharingDatabase.ListenPortSetting);
        var ownPort = port is not null && int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
        return new SharingOptions
        {
            ListenAddress = address is not null && IPAddress.TryParse(address, out var ip) ? ip : IPAddress.Loopback,
            Port = ownPort ?? DefaultPort,
            SharedDefaultPort = ownPort is null,
            MountPoint = mountPoint,
        };
    }
}
