using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Sharing.Security;
using Indra.Sharing.Server;
using Indra.Sharing.State;
using Indra.Sharing.Sync;
using Indra.Sharing.Views;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

/// <summary>
/// Sharing between vaults, run by the mount daemon: the pinned-TLS peer endpoint that serves what we granted, one
/// sync loop per paired peer that pulls what it granted us (blocks verified by BLAKE3 before they are kept), and the
/// read-only /peers and /realms views (<see cref="ISharedViews"/>). State lives in <c>VAULT/sharing/</c>; the CLI
/// may change it while the service runs (picked up within one <see cref="SharingOptions.SyncInterval"/>).
/// Thread-safe.
/// </summary>
public sealed partial class SharingService : ISharedViews, IPeerHost, IDisposable
{
    private readonly Vault _vault;
    private readonly IVaultFileSystem _fs;
    private readonly SharingOptions _options;
    private readonly ILogger _log;
    private readonly SharingDatabase _db;
    private readonly ReceivedStore _received;
    private readonly X509Certificate2 _certificate;
    private readonly PeerRequestHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ChangeFeed _changes;
    private readonly ConcurrentDictionary<PlayerId, CachedManifest> _servedCache = new();
    private PeerServer? _server;
    private Task? _supervisor;
    private volatile LocalState _state = LocalState.Empty;
    private long _dataVersion;
    private long _stateVersion;
    private int _viewsDirty;
    private int _disposed;

    private SharingService(Vault vault, IVaultFileSystem fileSystem, SharingOptions options)
    {
        _vault = vault;
        _fs = fileSystem;
        _options = options;
        _log = vault.Loggers.CreateLogger<SharingService>();
        _certificate = PeerCertificates.CreateFor(vault);
        _db = SharingDatabase.Open(vault.Directory!);
        _received = ReceivedStore.Open(vault.Directory!, _db.ListReceived(), vault.Loggers.CreateLogger<ReceivedStore>(), vault.ContentBlocks);
        _changes = new ChangeFeed(SharingLayout.ChangeFeed(vault.Directory!), vault.Clock, vault.Loggers.CreateLogger<ChangeFeed>());
        _handler = new PeerRequestHandler(this);
    }

    /// <summary>Our player id.</summary>
    public PlayerId PlayerId => _vault.Player;

    /// <summary>
    /// Now by the vault's clock (<see cref="Vault.Clock"/>), UTC ns since the Unix epoch: every expiry check of a timed
    /// grant (served manifests, received views, the sweep of expired entries) and every recorded time reads it. Waits
    /// between sync rounds run in real time whatever it says.
    /// </summary>
    private long NowNs() => _vault.ClockNs();

    /// <summary>Where the peer endpoint listens (the real port when 0 was configured).</summary>
    public IPEndPoint Endpoint => _server!.Endpoint;

    /// <summary>What a peer needs to pair with us.</summary>
    public Invite Invite => new(PlayerId, _options.AdvertisedHost ?? Endpoint.Address.ToString(), Endpoint.Port);

    /// <summary>Requests the peer endpoint refused so far (unpaired, not granted, malformed).</summary>
    public long RefusedRequests => _handler.Refused;

    /// <summary>Most bytes of block and manifest chunks the peer endpoint held at the same time so far (tests).</summary>
    internal long PeakBlockBytesInFlight => _handler.PeakBlockBytesInFlight;

    /// <summary>
    /// Starts sharing for an open, mounted vault: listens on <see cref="SharingOptions.ListenAddress"/> only, starts a
    /// sync loop per paired peer and loads the views from what was synced before (readable while peers are offline).
    /// </summary>
    /// <param name="vault">The open vault (on disk); stays owned by the caller, dispose the service first. The service
    /// reads time from its <see cref="Vault.Clock"/> and logs problems and peer state changes through its
    /// <see cref="Vault.Loggers"/> (categories Indra.Sharing.*).</param>
    /// <param name="fileSystem">The vault filesystem (transfers are written and removed through it).</param>
    /// <param name="options">Address, port and intervals.</param>
    /// <exception cref="SharingException">No player key, or the address cannot be bound.</exception>
    public static SharingService Start(Vault vault, IVaultFileSystem fileSystem, SharingOptions options)
    {
        var service = new SharingService(vault, fileSystem, options);
        try
        {
            service._server = PeerServer.StartAsync(service._handler, service._certificate, options).GetAwaiter().GetResult();
            var endpoint = service._server.Endpoint;
            service._db.SetSetting(SharingDatabase.AdvertisedEndpointSetting,
                new Invite(vault.Player, options.AdvertisedHost ?? endpoint.Address.ToString(), endpoint.Port).ToString());
            var bound = SharingAdmin.BindPathGrants(service._db, vault.Tree, service.NowNs());
            if (bound > 0) service._log.LogInformation("bound {Count} grants of an earlier version to the nodes their paths name now (or ended them)", bound);
            service.ReloadState();
            service.RefreshViews();
            service._vault.Tree.Replaced += service.OnReplaced;
            service._supervisor = Task.Run(service.SuperviseAsync);
            service._log.LogInformation("player {Player} listening on {Endpoint}", vault.Player, endpoint);
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Pairs peer <paramref name="name"/> from its invite (the peer must add ours too); its sync loop starts at
    /// once, not at the supervisor's next round.</summary>
    /// <exception cref="SharingException">Bad name or invite, or a clash with another pairing.</exception>
    /// <param name="name">Local name of the peer.</param>
    /// <param name="invite">Its invite.</param>
    /// <param name="autoAccept">Accept its grants and transfers as they come (<see cref="SetAutoAccept"/>); false: each waits for <see cref="AcceptOffer"/>.</param>
    public PeerRecord AddPeer(string name, Invite invite, bool autoAccept = false)
    {
        var peer = SharingAdmin.AddPeer(_db, PlayerId, name, invite, NowNs());
        OfferAdmin.SetAutoAccept(_db, name, autoAccept, NowNs());
        ReloadState();
        RefreshViews();
        EnsureLoops();
        return peer;
    }

    /// <summary>
    /// Unpairs peer <paramref name="name"/> (<see cref="SharingAdmin.RemovePeer"/>): every grant to it ends, transfer
    /// offers are withdrawn, its view disappears, and from its next request it is answered "unpaired".
    /// </summary>
    /// <returns>False when no paired peer has that name.</returns>
    public bool RemovePeer(string name)
    {
        var removed = _db.RemovePeer(name, NowNs());
        ReloadState();
        RefreshViews();
        if (removed is not null) _log.LogInformation("unpaired {Peer}: its grants are recalled", removed.Name);
        return removed is not null;
    }

    /// <summary>Every peer, paired or removed.</summary>
    public IReadOnlyList<PeerRecord> Peers() => _db.ListPeers();

    /// <summary>Grants the node now at <paramref name="vaultPath"/> (relative to /vault) to peer <paramref name="peerName"/>; the grant follows it through renames and ends when it is deleted.</summary>
    /// <param name="vaultPath">A file or folder of our vault.</param>
    /// <param name="peerName">A paired peer.</param>
    /// <param name="mode">Revocable, Permanent, Timed (with <paramref name="until"/>) or Transfer.</param>
    /// <param name="until">Expiry of a timed grant.</param>
    /// <exception cref="SharingException">Unknown peer, missing path, or an expiry that does not fit the mode.</exception>
    public GrantRecord Share(string vaultPath, string peerName, AccessMode mode, DateTimeOffset? until = null)
    {
        var grant = SharingAdmin.Share(_db, _vault.Tree, vaultPath, peerName, mode, until, NowNs());
        ReloadState();
        return grant;
    }

    /// <summary>Recalls the grants of the node now at <paramref name="vaultPath"/> to <paramref name="peerName"/>; the peer stops being served at once.</summary>
    /// <returns>How many grants were recalled.</returns>
    /// <exception cref="SharingException">Unknown peer or nothing to recall.</exception>
    public int Recall(string vaultPath, string peerName)
    {
        var count = SharingAdmin.Recall(_db, _vault.Tree, vaultPath, peerName, NowNs());
        ReloadState();
        return count;
    }

    /// <summary>Every grant we gave, oldest first.</summary>
    public IReadOnlyList<GrantRecord> Grants() => _db.ListGrants();

    /// <summary>Creates or redefines realm <paramref name="name"/> over paired peers.</summary>
    /// <exception cref="SharingException">Bad name or a member that is not paired.</exception>
    public void CreateRealm(string name, IReadOnlyList<string> members)
    {
        SharingAdmin.CreateRealm(_db, name, members);
        ReloadState();
        RefreshViews();
    }

    /// <summary>Deletes realm <paramref name="name"/> (its view disappears); grants are unchanged.</summary>
    /// <returns>False when there is no realm of that name.</returns>
    public bool DeleteRealm(string name)
    {
        var deleted = _db.DeleteRealm(name);
        ReloadState();
        RefreshViews();
        return deleted;
    }

    /// <summary>Realms with the names of their members paired now.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Realms() => SharingAdmin.RealmsByName(_db);

    /// <summary>Stops the sync loops and the endpoint and closes the sharing database; the vault stays open.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _vault.Tree.Replaced -= OnReplaced;
        _stop.Cancel();
        StopLoops();
        try
        {
            _supervisor?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            _log.LogInformation("supervisor stopped");
        }
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _received.Dispose();
        _db.Dispose();
        _certificate.Dispose();
        _stop.Dispose();
    }

    /// <summary>Re-reads peers, grants and realms from the database under a new state version, and drops cached manifests.</summary>
    private void ReloadState()
    {
        _dataVersion = _db.DataVersion();
        var peers = _db.ListPeers();
        // A peer removed since the last read (here or by the CLI) leaves received blocks nothing references any more.
        if (_state.ActiveIds.Any(id => !peers.Any(p => p.IsActive && p.PlayerId == id))) _gcWanted = true;
        var grants = _db.ListGrants();
        _state = new LocalState(peers, grants, _db.ListRealms(), peers.Where(p => p.IsActive).Select(p => p.PlayerId).ToHashSet(),
            peers.Select(p => p.PlayerId).ToHashSet(), Interlocked.Increment(ref _stateVersion),
            grants.Where(g => g.Node != 0 && g.RecalledNs == 0 && g.CompletedNs == 0).Select(g => g.Node).ToHashSet());
        _servedCache.Clear();
        Interlocked.Exchange(ref _viewsDirty, 1);
        Interlocked.Increment(ref _offersStamp);
        // Peers waiting on an unchanged manifest (Wire.WaitHeader) look again now.
        _manifestChanges.Pulse();
    }

    private async Task SuperviseAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (_db.DataVersion() != _dataVersion) ReloadState();
                EnsureLoops();
                SweepExpired();
                ExpireTransfers();
                if (Interlocked.Exchange(ref _viewsDirty, 0) == 1 || NeedsPeriodicRefresh()) RefreshViews();
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or SharingException)
            {
                _log.LogWarning("{Reason}", e.Message);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not ObjectDisposedException)
            {
                _log.LogError(e, "unexpected {Exception} in the supervisor (retrying next round): {Reason}", e.GetType().Name, e.Message);
            }
            try
            {
                await Task.Delay(_options.SyncInterval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Iso(long ns) => ns == 0 ? "" : new DateTime(DateTime.UnixEpoch.Ticks + ns / 100, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// Peers, grants and realms (members by player id) as last read; <paramref name="KnownIds"/> are paired and removed
    /// players (a removed one is let in to be told it was unpaired); <paramref name="Version"/> grows with every read.
    /// </summary>
    private sealed record LocalState(IReadOnlyList<PeerRecord> Peers, IReadOnlyList<GrantRecord> Grants, IReadOnlyDictionary<string, IReadOnlyList<PlayerId>> Realms,
        HashSet<PlayerId> ActiveIds, HashSet<PlayerId> KnownIds, long Version, HashSet<long> GrantedNodes)
    {
        internal static LocalState Empty { get; } = new([], [], new Dictionary<string, IReadOnlyList<PlayerId>>(), [], [], 0, []);
    }
}
