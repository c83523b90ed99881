using System.CommandLine;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary><c>indra peer auto-accept NAME on|off</c>: whether a peer's offers are accepted as they come (<see cref="OfferAdmin.SetAutoAccept"/>).</summary>
internal static class PeerAutoAcceptCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The paired peer" };
        var setting = new Argument<string>("SETTING") { Description = "on: accept its grants and transfers as they come; off: each waits for 'indra accept'" };
        setting.AcceptOnlyFromAmong("on", "off");
        var command = new Command("auto-accept", "Accept a peer's offers without asking (on) or ask for each (off)") { name, setting, vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var on = parse.GetValue(setting) == "on";
            OfferAdmin.SetAutoAccept(db, parse.GetValue(name)!, on, Vault.NowNs());
            Console.WriteLine($"auto-accept of {parse.GetValue(name)}'s offers is {(on ? "on" : "off")}");
        }));
        return command;
    }
}
