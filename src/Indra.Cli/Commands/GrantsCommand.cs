using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra grants [--all]</c>: the grants this vault gave, one a line, tab-separated: id prefix, path (where the
/// granted node is now; the path it had when granted once it is deleted), peer, mode, state (active, expired, recalled,
/// transferred, ended: the node was deleted), expiry (UTC) or "-", and "cut" when the grant holds more entries than one
/// grant carries (only the first are shared) or "-".
/// </summary>
internal static class GrantsCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var all = new Option<bool>("--all") { Description = "Include recalled, expired, ended and completed grants" };
        var command = new Command("grants", "List the grants this vault gave") { all, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
        {
            using var reader = VaultReader.Open(directory);
            var now = Vault.NowNs();
            SharingAdmin.BindPathGrants(db, reader.Tree, now);
            var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
            foreach (var g in db.ListGrants().Where(g => parse.GetValue(all) || g.IsActive(now)))
            {
                var current = SharingAdmin.CurrentPath(reader.Tree, g);
                var state = g.IsActive(now) && current is null && reader.Tree.GetNode(g.Node) is null ? "ended" : g.StateAt(now);
                var peer = names.TryGetValue(g.Peer, out var n) ? n : g.Peer.ToString();
                Console.WriteLine($"{g.Id[..8]}\t/vault/{current ?? g.Path}\t{peer}\t{g.Mode}\t{state}\t{(g.ExpiresNs > 0 ? UtcText.FromNanoseconds(g.ExpiresNs) : "-")}\t{(g.Cut ? "cut" : "-")}");
            }
        }));
        return command;
    }
}
