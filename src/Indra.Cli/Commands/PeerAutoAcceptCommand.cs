using System.CommandLine;
using Indra.Control.Service;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer auto-accept NAME on|off</c>: whether a peer's offers are accepted as they come, through the
/// control API (<see cref="ControlVerb.Run"/>; a daemon serving the vault acts on it at once).</summary>
internal static class PeerAutoAcceptCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The paired peer" };
        var setting = new Argument<string>("SETTING") { Description = "on: accept its grants and transfers as they come; off: each waits for 'indra accept'" };
        setting.AcceptOnlyFromAmong("on", "off");
        var command = new Command("auto-accept", "Accept a peer's offers without asking (on) or ask for each (off)") { name, setting, vault };
        command.SetAction(parse =>
        {
            var (peer, on) = (parse.GetValue(name)!, parse.GetValue(setting) == "on");
            return ControlVerb.Run(parse.GetValue(vault)!,
                control => control.SetAutoAcceptAsync(peer, on),
                (_, db) => SharingOperations.SetAutoAccept(db, null, peer, on, Vault.NowNs()),
                done => Console.WriteLine($"auto-accept of {done.Name}'s offers is {(done.AutoAccept ? "on" : "off")}"));
        });
        return command;
    }
}
