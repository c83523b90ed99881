using System.CommandLine;
using Indra.Control.Model;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra grants [--all]</c>: the grants this vault gave, one a line, tab-separated: id prefix, path (where the
/// granted node is now; the path it had when granted once it is deleted), peer, mode, state (active, expired, recalled,
/// transferred, ended: the node was deleted), expiry (UTC) or "-", and "cut" when the grant holds more entries than one
/// grant carries (only the first are shared) or "-". Asked of the daemon's control API while one serves the vault, else
/// read from the sharing database.
/// </summary>
internal static class GrantsCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var all = new Option<bool>("--all") { Description = "Include recalled, expired, ended and completed grants" };
        var command = new Command("grants", "List the grants this vault gave") { all, vault };
        command.SetAction(parse =>
            ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
            {
                foreach (var g in (await control.GetGrantsAsync().ConfigureAwait(false)).Where(g => parse.GetValue(all) || g.Active)) Print(g);
            }) ?? SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
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
                    Print(g.Id, current ?? g.Path, peer, g.Mode.ToString(), state, g.ExpiresNs > 0 ? UtcText.FromNanoseconds(g.ExpiresNs) : "-", g.Cut);
                }
            }));
        return command;
    }

    private static void Print(GrantItem g) =>
        Print(g.Id, g.Path ?? g.GrantedPath, g.Peer, g.Mode.ToString(), g.State, g.Until is { } end ? UtcText.From(end) : "-", g.Cut);

    private static void Print(string id, string path, string peer, string mode, string state, string until, bool cut) =>
        Console.WriteLine($"{id[..8]}\t/vault/{path}\t{peer}\t{mode}\t{state}\t{until}\t{(cut ? "cut" : "-")}");
}
