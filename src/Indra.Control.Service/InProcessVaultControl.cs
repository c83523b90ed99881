using Indra.Control.Model;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Policy;
using Indra.Policy.Layers;
using Indra.Policy.Sources;

namespace Indra.Control.Service;

/// <summary>
/// <see cref="IVaultControl"/> of a vault no daemon holds: every call opens the vault (taking its single-writer lock),
/// runs a <see cref="VaultControlService"/> over a <see cref="VaultFileSystem"/> of it, commits what was staged and
/// closes it again, so the lock is held only for the call. Calls are serialized; a vault another process holds answers
/// <see cref="ControlErrorKind.Busy"/>. Machine policy applies as on the mount (docs/policy.md): each call reads the
/// machine policy and the user config (no command-line options) and works through the same layers
/// (<see cref="PolicedVault"/>: quota, restrictions, audit); an invalid policy answers
/// <see cref="ControlErrorKind.Unavailable"/> with its one-line reason and opens nothing.
/// </summary>
public sealed class InProcessVaultControl : IVaultControl
{
    private readonly string _directory;
    private readonly VaultServices _services;
    private readonly PolicyLocations? _policy;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A control of the vault at <paramref name="vaultDirectory"/>; nothing is opened until the first call.</summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    /// <param name="services">Clock and logging of the vault opened for each call (default: the system clock, no logging).</param>
    /// <param name="policy">Where machine policy and the user config are read (default:
    /// <see cref="PolicyLocations.ForThisMachine"/>, taken afresh at each call).</param>
    public InProcessVaultControl(string vaultDirectory, VaultServices? services = null, PolicyLocations? policy = null)
    {
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(vaultDirectory));
        _services = services ?? VaultServices.Default;
        _policy = policy;
    }

    /// <summary>The vault directory (full path).</summary>
    public string VaultDirectory => _directory;

    /// <inheritdoc/>
    public Task<VaultStatus> GetStatusAsync(CancellationToken cancellation = default) => RunAsync(c => c.GetStatusAsync(cancellation), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> StatAsync(string path, CancellationToken cancellation = default) => RunAsync(c => c.StatAsync(path, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<VaultItem>> ListAsync(string path, CancellationToken cancellation = default) => RunAsync(c => c.ListAsync(path, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<byte[]> ReadAsync(string path, long offset, int count, CancellationToken cancellation = default) =>
        RunAsync(c => c.ReadAsync(path, offset, count, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> WriteAsync(string path, Stream content, WriteMode mode, CancellationToken cancellation = default) =>
        RunAsync(c => c.WriteAsync(path, content, mode, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> MakeDirectoryAsync(string path, CancellationToken cancellation = default) => RunAsync(c => c.MakeDirectoryAsync(path, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> SetTreeTypeAsync(string path, TreeType treeType, CancellationToken cancellation = default) =>
        RunAsync(c => c.SetTreeTypeAsync(path, treeType, cancellation), cancellation);

    /// <inheritdoc/>
    public Task RemovePeerAsync(string name, CancellationToken cancellation = default) =>
        RunAsync(async c =>
        {
            await c.RemovePeerAsync(name, cancellation).ConfigureAwait(false);
            return true;
        }, cancellation);

    /// <inheritdoc/>
    public Task DeleteRealmAsync(string name, CancellationToken cancellation = default) =>
        RunAsync(async c =>
        {
            await c.DeleteRealmAsync(name, cancellation).ConfigureAwait(false);
            return true;
        }, cancellation);

    /// <inheritdoc/>
    public Task RemoveAsync(string path, bool recursive, CancellationToken cancellation = default) =>
        RunAsync(async c =>
        {
            await c.RemoveAsync(path, recursive, cancellation).ConfigureAwait(false);
            return true;
        }, cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> RenameAsync(string from, string to, bool replace, CancellationToken cancellation = default) =>
        RunAsync(c => c.RenameAsync(from, to, replace, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> CopyAsync(string from, string to, bool recursive, CancellationToken cancellation = default) =>
        RunAsync(c => c.CopyAsync(from, to, recursive, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<HeatItem>> GetHeatAsync(string? path, int top, CancellationToken cancellation = default) =>
        RunAsync(c => c.GetHeatAsync(path, top, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AttentionItem>> GetAttentionAsync(string? path, DateTimeOffset? since, int limit, CancellationToken cancellation = default) =>
        RunAsync(c => c.GetAttentionAsync(path, since, limit, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<GrantItem> ShareAsync(string path, string peer, AccessMode mode, DateTimeOffset? until, CancellationToken cancellation = default) =>
        RunAsync(c => c.ShareAsync(path, peer, mode, until, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<int> RecallAsync(string path, string peer, CancellationToken cancellation = default) => RunAsync(c => c.RecallAsync(path, peer, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<GrantItem>> GetGrantsAsync(CancellationToken cancellation = default) => RunAsync(c => c.GetGrantsAsync(cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PeerItem>> GetPeersAsync(CancellationToken cancellation = default) => RunAsync(c => c.GetPeersAsync(cancellation), cancellation);

    /// <inheritdoc/>
    public Task<string> CreateInviteAsync(CancellationToken cancellation = default) => RunAsync(c => c.CreateInviteAsync(cancellation), cancellation);

    /// <inheritdoc/>
    public Task<PeerItem> AddPeerAsync(string name, string invite, bool autoAccept, CancellationToken cancellation = default) =>
        RunAsync(c => c.AddPeerAsync(name, invite, autoAccept, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<RealmItem>> GetRealmsAsync(CancellationToken cancellation = default) => RunAsync(c => c.GetRealmsAsync(cancellation), cancellation);

    /// <inheritdoc/>
    public Task<RealmItem> CreateRealmAsync(string name, IReadOnlyList<string> members, CancellationToken cancellation = default) =>
        RunAsync(c => c.CreateRealmAsync(name, members, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<CheckReport> CheckAsync(bool repair, IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default) =>
        RunAsync(c => c.CheckAsync(repair, progress, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<CollectReport> CollectGarbageAsync(IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default) =>
        RunAsync(c => c.CollectGarbageAsync(progress, cancellation), cancellation);

    /// <inheritdoc/>
    public Task UnmountAsync(CancellationToken cancellation = default) =>
        Task.FromException(new VaultControlException(ControlErrorKind.NotMounted, $"the vault at {_directory} is not mounted"));

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    // Offers, consent and peer limits.

    /// <inheritdoc/>
    public Task<IReadOnlyList<PeerItem>> ListPeersAsync(bool includeRemoved, CancellationToken cancellation = default) =>
        RunAsync(c => c.ListPeersAsync(includeRemoved, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<OfferItem>> GetOffersAsync(CancellationToken cancellation = default) => RunAsync(c => c.GetOffersAsync(cancellation), cancellation);

    /// <inheritdoc/>
    public Task<OfferItem> AcceptOfferAsync(string id, CancellationToken cancellation = default) => RunAsync(c => c.AcceptOfferAsync(id, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<OfferItem> DeclineOfferAsync(string id, CancellationToken cancellation = default) => RunAsync(c => c.DeclineOfferAsync(id, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<PeerItem> SetPeerQuotaAsync(string name, long? bytes, long? entries, CancellationToken cancellation = default) =>
        RunAsync(c => c.SetPeerQuotaAsync(name, bytes, entries, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<PeerItem> SetAutoAcceptAsync(string name, bool on, CancellationToken cancellation = default) =>
        RunAsync(c => c.SetAutoAcceptAsync(name, on, cancellation), cancellation);

    /// <summary>Opens the vault, runs <paramref name="work"/> on it, commits and closes it.</summary>
    private async Task<T> RunAsync<T>(Func<VaultControlService, Task<T>> work, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (!VaultLayout.Exists(_directory)) throw new VaultControlException(ControlErrorKind.Unavailable, $"no vault at {_directory} (run 'indra init --vault {_directory}')");
            var policy = LoadPolicy();
            Vault vault;
            try
            {
                vault = Vault.Open(_directory, _services);
            }
            catch (VaultException e)
            {
                var kind = Vault.IsHeld(_directory) ? ControlErrorKind.Busy : ControlErrorKind.Unavailable;
                throw new VaultControlException(kind, e.Message, e);
            }
            using (vault)
            using (var fileSystem = new VaultFileSystem(vault))
            using (var policed = PolicedVault.Compose(fileSystem, vault, policy, _services.Clock))
            {
                var control = new VaultControlService(vault, policed, mount: null);
                var result = await work(control).ConfigureAwait(false);
                fileSystem.FlushAll();
                return result;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The policy in force now: machine policy over the user config, without command-line options.</summary>
    /// <exception cref="VaultControlException">Unavailable: a source is invalid.</exception>
    private EffectivePolicy LoadPolicy()
    {
        try
        {
            return EffectivePolicy.Load(_policy ?? PolicyLocations.ForThisMachine());
        }
        catch (PolicyException e)
        {
            throw new VaultControlException(ControlErrorKind.Unavailable, e.Message + "; not opening the vault", e);
        }
    }

    // Heat ranking and the attention feed (indra heat, indra top; issue 18).

    /// <inheritdoc/>
    public Task<HeatRanking> GetHeatRankingAsync(string? path, int top, DateTimeOffset? since, CancellationToken cancellation = default) =>
        RunAsync(c => c.GetHeatRankingAsync(path, top, since, cancellation), cancellation);

    /// <inheritdoc/>
    public Task<AttentionFeed> GetAttentionFeedAsync(long? after, int limit, DateTimeOffset? peersSince, CancellationToken cancellation = default) =>
        RunAsync(c => c.GetAttentionFeedAsync(after, limit, peersSince, cancellation), cancellation);
}
