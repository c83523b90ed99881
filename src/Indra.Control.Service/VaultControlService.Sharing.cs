using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Domain;
using Indra.Sharing;
using Indra.Sharing.Security;
using Indra.Sharing.State;

namespace Indra.Control.Service;

public sealed partial class VaultControlService
{
    private SharingService? Service => _mount?.Sharing;

    /// <inheritdoc/>
    public Task<GrantItem> ShareAsync(string path, string peer, AccessMode mode, DateTimeOffset? until, CancellationToken cancellation = default)
    {
        var target = Grantable(path, "share");
        using var db = SharingDatabase.Open(_directory);
        RequirePeer(db, peer);
        var grant = Sharing(() => Service is { } service
            ? service.Share(target.Text, peer, mode, until)
            : SharingAdmin.Share(db, _vault.Tree, target.Text, peer, mode, until, _vault.ClockNs()));
        return Task.FromResult(SharingOperations.Grant(db, _vault.Tree, grant, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task<int> RecallAsync(string path, string peer, CancellationToken cancellation = default)
    {
        var target = Grantable(path, "recall");
        using var db = SharingDatabase.Open(_directory);
        var record = RequirePeer(db, peer);
        var node = _vault.Tree.Resolve(target.Text)!;
        var now = _vault.ClockNs();
        var active = db.ListGrants().Where(g => g.Node == node.Inode && g.Peer == record.PlayerId && g.IsActive(now)).ToList();
        if (active.Count == 0) throw new VaultControlException(ControlErrorKind.NotFound, $"/vault/{target.Text} has no active grant to '{peer}'");
        var count = Sharing(() => Service is { } service
            ? service.Recall(target.Text, peer)
            : SharingAdmin.Recall(db, _vault.Tree, target.Text, peer, now));
        return Task.FromResult(count);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<GrantItem>> GetGrantsAsync(CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        var now = _vault.ClockNs();
        if (Service is null) SharingAdmin.BindPathGrants(db, _vault.Tree, now);
        return Task.FromResult(SharingOperations.Grants(db, _vault.Tree, now));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PeerItem>> GetPeersAsync(CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.Peers(db, includeRemoved: false, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task<string> CreateInviteAsync(CancellationToken cancellation = default)
    {
        if (Service is { } service) return Task.FromResult(service.Invite.ToString());
        using var db = SharingDatabase.Open(_directory);
        var advertised = db.GetSetting(SharingDatabase.AdvertisedEndpointSetting);
        if (advertised is not null && Invite.Parse(advertised).PlayerId == _vault.Player) return Task.FromResult(advertised);
        var options = SharingOptions.FromVault(_directory);
        return Task.FromResult(new Invite(_vault.Player, options.ListenAddress.ToString(), options.Port).ToString());
    }

    /// <inheritdoc/>
    public Task<PeerItem> AddPeerAsync(string name, string invite, bool autoAccept, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        var parsed = Sharing(() => Invite.Parse(invite));
        // The same player again is a new address for it (SharingDatabase.AddPeer); another one under a paired name is a clash.
        if (db.FindPeer(name) is { IsActive: true } paired && paired.PlayerId != parsed.PlayerId)
        {
            throw new VaultControlException(ControlErrorKind.AlreadyExists, $"peer name '{name}' is already used for player {paired.PlayerId}");
        }
        var peer = Sharing(() =>
        {
            if (Service is { } service) return service.AddPeer(name, parsed, autoAccept);
            var added = SharingAdmin.AddPeer(db, _vault.Player, name, parsed, _vault.ClockNs());
            OfferAdmin.SetAutoAccept(db, added.Name, autoAccept, _vault.ClockNs());
            return added;
        });
        return Task.FromResult(SharingOperations.Peer(db, db.FindPeer(peer.Name) ?? peer, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task RemovePeerAsync(string name, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        RequirePeer(db, name);
        Sharing(() =>
        {
            if (Service is { } service) service.RemovePeer(name);
            else SharingAdmin.RemovePeer(db, name, _vault.ClockNs());
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteRealmAsync(string name, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        var deleted = Service is { } service ? service.DeleteRealm(name) : db.DeleteRealm(name);
        if (!deleted) throw new VaultControlException(ControlErrorKind.NotFound, $"no realm named '{name}'");
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RealmItem>> GetRealmsAsync(CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.Realms(db));
    }

    /// <inheritdoc/>
    public Task<RealmItem> CreateRealmAsync(string name, IReadOnlyList<string> members, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.CreateRealm(db, Service, name, members));
    }

    /// <summary>Parses a path a grant names: a file or folder of the vault that exists.</summary>
    private ControlPath Grantable(string path, string doing)
    {
        var target = ControlPath.Parse(path);
        if (target.IsShared) throw new VaultControlException(ControlErrorKind.ReadOnly, $"cannot {doing} /{target.Text}: peers/ and realms/ show what others share; only the vault's own items are granted");
        // Whatever the mount staged is committed first, so a file just closed on the mount is found.
        _vault.Tree.Flush();
        if (_vault.Tree.Resolve(target.Text) is null) throw new VaultControlException(ControlErrorKind.NotFound, $"/vault/{target.Text} does not exist");
        return target;
    }

    private static PeerRecord RequirePeer(SharingDatabase db, string name) => SharingOperations.RequirePeer(db, name);

    /// <summary>Runs a sharing rule, turning its refusal into InvalidArgument.</summary>
    private static T Sharing<T>(Func<T> work) => SharingOperations.Rule(work);
}
