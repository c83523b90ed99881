using System.CommandLine;
using System.Globalization;
using Indra.Cli.Hosting;
using Indra.Control.Model;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra status</c>: whether the vault is mounted and where, the player, artifact counts, stored blocks, attention
/// in the last hour and the hottest artifacts (the indras-fuse design's status output), and whether the daemon shares
/// (or why not: <see cref="Indra.Sharing.SharingOff"/>). While a daemon serves the vault the figures come from its
/// control API; otherwise the SQLite metadata is read directly (as a WAL reader).
/// </summary>
internal static class StatusCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("status", "Show whether the vault is mounted, its player, artifact counts, recent attention and hottest artifacts") { vault };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            if (!VaultLayout.Exists(directory)) throw new CliException($"no vault at {directory} (run 'indra init --vault {directory}')");
            return ControlVerb.RunIfServed(directory, async control =>
            {
                var status = await control.GetStatusAsync().ConfigureAwait(false);
                var hot = await control.GetHeatAsync(null, 5).ConfigureAwait(false);
                Print(status, hot.Select(h => ("vault/" + h.Path, h.Heat)).ToList());
            }) ?? PrintUnserved(directory);
        });
        return command;
    }

    /// <summary>The status of a vault no daemon serves, read from its files.</summary>
    private static int PrintUnserved(string directory)
    {
        using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
        using var reader = VaultReader.Open(directory);
        var mounts = MountRegistry.All().Where(r => r.Vault == directory).ToList();
        var (leaves, trees) = reader.CountNodes();
        var (blocks, bytes) = reader.BlockTotals();
        var now = Vault.NowNs();
        var (paired, connected) = Indra.Sharing.SharingAdmin.PeerSummary(directory);
        var sharing = mounts.Count == 0 ? "off (not mounted)" : Indra.Sharing.SharingOff.Reason(directory) is { } reason ? "off: " + reason : "on";
        var status = new VaultStatus(directory, mounts.Count > 0, mounts.FirstOrDefault()?.MountPoint, mounts.FirstOrDefault()?.Pid, identity.PlayerId.ToString(),
            leaves, trees, blocks, bytes, paired, connected, sharing, reader.CountAttentionSince(now - 3600L * 1_000_000_000), 0);
        Print(status, reader.Hottest(now, 5).Select(h => (h.Path ?? "", h.Heat)).ToList());
        return 0;
    }

    private static void Print(VaultStatus status, IReadOnlyList<(string Path, double Heat)> hottest)
    {
        var hot = hottest.Select(h => $"{h.Path} ({h.Heat.ToString("0.00", CultureInfo.InvariantCulture)})").ToList();
        Console.WriteLine($"Vault: {status.Vault}");
        Console.WriteLine(status.Mounted ? $"Mounted: {status.MountPoint} (pid {status.Pid})" : "Mounted: no");
        Console.WriteLine($"Player: {status.Player}");
        Console.WriteLine($"Artifacts: {status.Leaves + status.Trees} ({status.Trees} trees, {status.Leaves} leaves)");
        Console.WriteLine($"Blocks: {status.Blocks} ({status.BlockBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        if (BlockTier.StatusOf(status.Vault) is { } cache)
        {
            // The block cache in front of a remote store, as its holder last wrote it (VAULT/blocks/cache-status.json).
            static string Size(long bytes) => Indra.Storage.Blocks.Cache.ByteSize.Format(bytes);
            Console.WriteLine($"Block cache: {Size(cache.CachedBytes)} of {Size(cache.CapacityBytes)}, durability {cache.Durability}");
            Console.WriteLine($"Upload queue: {cache.QueuedBlocks} blocks ({Size(cache.QueuedBytes)}); uploaded {cache.UploadedBlocks} blocks ({Size(cache.UploadedBytes)}), {cache.Failures} failures"
                + (status.Mounted ? " this mount" : " in the last mount"));
            Console.WriteLine("Remote store: " + (cache.RemoteReachable ? "reachable" : status.Mounted ? "unreachable, retrying" : "unreachable at the last attempt")
                + (cache.LastError is { } error ? $"; last error {UtcText.From(cache.LastErrorUtc ?? cache.WrittenUtc)}: {error}" : ""));
        }
        Console.WriteLine($"Peers: {status.PeersConnected} connected ({status.PeersPaired} paired)");
        Console.WriteLine("Offers: " + Indra.Sharing.OfferAdmin.Summary(status.Vault));
        Console.WriteLine("Sharing: " + status.Sharing);
        if (Indra.Sharing.SharingOptions.FromVault(status.Vault) is { SharedDefaultPort: true } options)
        {
            Console.WriteLine($"Hint: this vault has no peer port of its own and asks for {options.ListenAddress}:{options.Port}, which another vault on this machine may hold; "
                + "give it one with 'indra peer listen 127.0.0.1:PORT'");
        }
        Console.WriteLine($"Attention events (last hour): {status.AttentionLastHour}");
        Console.WriteLine("Hot artifacts: " + (hot.Count == 0 ? "none yet" : string.Join(", ", hot)));
    }
}
