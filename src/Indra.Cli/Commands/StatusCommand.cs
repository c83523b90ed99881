using System.CommandLine;
using System.Globalization;
using Indra.Cli.Hosting;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra status</c>: whether the vault is mounted and where, the player, artifact counts, stored blocks, attention
/// in the last hour and the hottest artifacts (the indras-fuse design's status output), and whether the daemon shares
/// (or why not: <see cref="Indra.Sharing.SharingOff"/>). Works while mounted: it reads
/// the SQLite metadata as a WAL reader.
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
            using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
            using var reader = VaultReader.Open(directory);
            var mounts = MountRegistry.All().Where(r => r.Vault == directory).ToList();
            var (leaves, trees) = reader.CountNodes();
            var (blocks, bytes) = reader.BlockTotals();
            var now = Vault.NowNs();
            var hourAgo = now - 3600L * 1_000_000_000;
            var hot = reader.Hottest(now, 5).Select(h => $"{h.Path} ({h.Heat.ToString("0.00", CultureInfo.InvariantCulture)})").ToList();
            Console.WriteLine($"Vault: {directory}");
            Console.WriteLine(mounts.Count == 0 ? "Mounted: no" : "Mounted: " + string.Join(", ", mounts.Select(m => $"{m.MountPoint} (pid {m.Pid})")));
            Console.WriteLine($"Player: {identity.PlayerId}");
            Console.WriteLine($"Artifacts: {leaves + trees} ({trees} trees, {leaves} leaves)");
            Console.WriteLine($"Blocks: {blocks} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
            var (paired, connected) = Indra.Sharing.SharingAdmin.PeerSummary(directory);
            Console.WriteLine($"Peers: {connected} connected ({paired} paired)");
            Console.WriteLine("Offers: " + Indra.Sharing.OfferAdmin.Summary(directory));
            Console.WriteLine(SharingLine(directory, mounted: mounts.Count > 0));
            if (Indra.Sharing.SharingOptions.FromVault(directory) is { SharedDefaultPort: true } options)
            {
                Console.WriteLine($"Hint: this vault has no peer port of its own and asks for {options.ListenAddress}:{options.Port}, which another vault on this machine may hold; "
                    + "give it one with 'indra peer listen 127.0.0.1:PORT'");
            }
            Console.WriteLine($"Attention events (last hour): {reader.CountAttentionSince(hourAgo)}");
            Console.WriteLine("Hot artifacts: " + (hot.Count == 0 ? "none yet" : string.Join(", ", hot)));
            return 0;
        });
        return command;
    }

    /// <summary>"Sharing: on", "Sharing: off: REASON" as the mount daemon recorded it, or "Sharing: off (not mounted)".</summary>
    private static string SharingLine(string directory, bool mounted)
    {
        if (!mounted) return "Sharing: off (not mounted)";
        return Indra.Sharing.SharingOff.Reason(directory) is { } reason ? "Sharing: off: " + reason : "Sharing: on";
    }
}
