using System.CommandLine;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra grants [--all]</c>: the grants this vault gave, one a line, tab-separated: id prefix, path, peer, mode,
/// state (active, expired, recalled, transferred), expiry (UTC) or "-".
/// </summary>
internal static class GrantsCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var all = new Option<bool>("--all") { Description = "Include recalled, expired and completed grants" };
        var command = new Command("grants", "List the grants this vault gave") { all, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var now = Vault.NowNs();
            var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
            foreach (var g in db.ListGrants().Where(g => parse.GetValue(all) || g.IsActive(now)))
            {
                var state = g.CompletedNs > 0 ? "transferred" : g.RecalledNs > 0 ? "recalled" : g.IsActive(now) ? "active" : "expired";
                var peer = names.TryGetValue(g.Peer, out var n) ? n : g.Peer.ToString();
                Console.WriteLine($"{g.Id[..8]}\t/vault/{g.Path}\t{peer}\t{g.Mode}\t{state}\t{(g.ExpiresNs > 0 ? UtcText.FromNanoseconds(g.ExpiresNs) : "-")}");
            }
        }));
        return command;
    }
}
