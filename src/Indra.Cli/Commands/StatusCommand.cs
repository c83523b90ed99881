using System.CommandLine;
using System.Globalization;
using Indra.Cli.Hosting;
using Indra.Cli.Terminal;
using Indra.Cli.Terminal.Documents;
using Indra.Control.Model;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;
using Indra.Sharing;
using Indra.Sharing.State;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra status [--json]</c>: whether the vault is mounted and where, the player, artifact counts, stored blocks, the
/// peers and their sync (connected, last seen), attention in the last hour and the hottest artifacts (the indras-fuse
/// design's status output), and whether the daemon shares (or why not: <see cref="SharingOff"/>). Coloured on a
/// terminal (<see cref="StatusView"/>). While a daemon serves the vault the figures come from its control API;
/// otherwise the SQLite metadata is read directly (as a WAL reader).
/// </summary>
internal static class StatusCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var json = JsonOption.Create();
        var command = new Command("status", "Show whether the vault is mounted, its player, artifact counts, peers and sync, recent attention and hottest artifacts") { vault, json };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (!VaultLayout.Exists(directory)) throw new CliException($"no vault at {directory} (run 'indra init --vault {directory}')");
            var asJson = parse.GetValue(json);
            return ControlVerb.RunIfServed(directory, async control =>
            {
                var status = await control.GetStatusAsync().ConfigureAwait(false);
                var hot = await control.GetHeatAsync(null, 5).ConfigureAwait(false);
                Print(status, hot.Select(h => ("vault/" + h.Path, h.Heat)).ToList(), asJson);
            }) ?? PrintUnserved(directory, asJson);
        });
        return command;
    }

    /// <summary>The status of a vault no daemon serves, read from its files.</summary>
    private static int PrintUnserved(string directory, bool json)
    {
        using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
        using var reader = VaultReader.Open(directory);
        var mounts = MountRegistry.All().Where(r => r.Vault == directory).ToList();
        var (leaves, trees) = reader.CountNodes();
        var (blocks, bytes) = reader.BlockTotals();
        var now = Vault.NowNs();
        var (paired, connected) = SharingAdmin.PeerSummary(directory);
        var sharing = mounts.Count == 0 ? "off (not mounted)" : SharingOff.Reason(directory) is { } reason ? "off: " + reason : "on";
        var status = new VaultStatus(directory, mounts.Count > 0, mounts.FirstOrDefault()?.MountPoint, mounts.FirstOrDefault()?.Pid, identity.PlayerId.ToString(),
            leaves, trees, blocks, bytes, paired, connected, sharing, reader.CountAttentionSince(now - 3600L * 1_000_000_000), 0);
        Print(status, reader.Hottest(now, 5).Select(h => (h.Path ?? "", h.Heat)).ToList(), json);
        return 0;
    }

    private static void Print(VaultStatus status, IReadOnlyList<(string Path, double Heat)> hottest, bool json)
    {
        var peers = Peers(status.Vault);
        var offers = OfferAdmin.Summary(status.Vault);
        if (json)
        {
            JsonOutput.Write(new StatusDocument(status.Vault, status.Mounted, status.MountPoint, status.Pid, status.Player, status.Leaves + status.Trees, status.Trees,
                status.Leaves, status.Blocks, status.BlockBytes, status.PeersPaired, status.PeersConnected, peers, status.Sharing, offers, status.AttentionLastHour,
                hottest.Select(h => new StatusHot(h.Path, h.Heat)).ToList()));
            return;
        }
        var hot = hottest.Select(h => $"{h.Path} ({h.Heat.ToString("0.00", CultureInfo.InvariantCulture)})").ToList();
        var view = new StatusView()
            .Add("Vault", status.Vault)
            .Add("Mounted", status.Mounted ? $"{status.MountPoint} (pid {status.Pid})" : "no", status.Mounted ? "green" : "yellow")
            .Add("Player", status.Player)
            .Add("Artifacts", $"{status.Leaves + status.Trees} ({status.Trees} trees, {status.Leaves} leaves)")
            .Add("Blocks", $"{status.Blocks} ({status.BlockBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        if (BlockTier.StatusOf(status.Vault) is { } cache)
        {
            // The block cache in front of a remote store, as its holder last wrote it (VAULT/blocks/cache-status.json).
            static string Size(long bytes) => Indra.Storage.Blocks.Cache.ByteSize.Format(bytes);
            view.Add("Block cache", $"{Size(cache.CachedBytes)} of {Size(cache.CapacityBytes)}, durability {cache.Durability}")
                .Add("Upload queue", $"{cache.QueuedBlocks} blocks ({Size(cache.QueuedBytes)}); uploaded {cache.UploadedBlocks} blocks ({Size(cache.UploadedBytes)}), {cache.Failures} failures"
                    + (status.Mounted ? " this mount" : " in the last mount"), cache.QueuedBlocks == 0 ? null : "yellow")
                .Add("Remote store", (cache.RemoteReachable ? "reachable" : status.Mounted ? "unreachable, retrying" : "unreachable at the last attempt")
                    + (cache.LastError is { } error ? $"; last error {UtcText.From(cache.LastErrorUtc ?? cache.WrittenUtc)}: {error}" : ""), cache.RemoteReachable ? "green" : "red");
        }
        view.Add("Peers", $"{status.PeersConnected} connected ({status.PeersPaired} paired)", status.PeersPaired == 0 ? null : status.PeersConnected == status.PeersPaired ? "green" : "yellow");
        if (StatusView.Sync(peers, DateTimeOffset.UtcNow) is { } sync) view.Add("Sync", sync);
        view.Add("Offers", offers)
            .Add("Sharing", status.Sharing, status.Sharing == "on" ? "green" : "red");
        if (SharingOptions.FromVault(status.Vault) is { SharedDefaultPort: true } options)
        {
            view.Add("Hint", $"this vault has no peer port of its own and asks for {options.ListenAddress}:{options.Port}, which another vault on this machine may hold; "
                + "give it one with 'indra peer listen 127.0.0.1:PORT'", "yellow");
        }
        view.Add("Attention events (last hour)", status.AttentionLastHour.ToString(CultureInfo.InvariantCulture))
            .Add("Hot artifacts", hot.Count == 0 ? "none yet" : string.Join(", ", hot), hot.Count == 0 ? null : "red")
            .Print();
    }

    /// <summary>The paired peers from the vault's sharing database: connected when they answered within the last minute
    /// (as <see cref="SharingAdmin.PeerSummary"/> counts), with their last contact; empty without a sharing database.</summary>
    private static List<StatusPeer> Peers(string directory)
    {
        if (!File.Exists(SharingLayout.Database(directory))) return [];
        using var db = SharingDatabase.Open(directory);
        var contacts = db.ListContacts();
        var recent = Vault.NowNs() - 60L * 1_000_000_000;
        return db.ListPeers().Where(p => p.IsActive).Select(p =>
        {
            var known = contacts.TryGetValue(p.PlayerId, out var contact);
            var seen = known && contact.LastContactNs > 0 ? DateTimeOffset.UnixEpoch.AddTicks(contact.LastContactNs / 100) : (DateTimeOffset?)null;
            return new StatusPeer(p.Name, known && contact.State == "online" && contact.LastContactNs >= recent, seen);
        }).ToList();
    }
}
