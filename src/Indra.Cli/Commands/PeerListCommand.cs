using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer list</c>: one line a peer, tab-separated: name, player id, address, state, last contact (UTC).</summary>
internal static class PeerListCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("list", "List peers with their player id, address, state and last contact") { vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var contacts = db.ListContacts();
            foreach (var p in db.ListPeers())
            {
                contacts.TryGetValue(p.PlayerId, out var c);
                var state = !p.IsActive ? "removed" : c.State ?? "never contacted";
                Console.WriteLine($"{p.Name}\t{p.PlayerId}\t{p.Host}:{p.Port}\t{state}\t{(c.LastContactNs == 0 ? "-" : UtcText.FromNanoseconds(c.LastContactNs))}");
            }
        }));
        return command;
    }
}
