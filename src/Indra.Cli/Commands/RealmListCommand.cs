using System.CommandLine;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra realm list</c>: one line a realm, its name, a tab, and the names of its members paired now, comma-separated
/// (members are stored by player id: a removed member is not listed, and a new peer under its name is not a member).
/// </summary>
internal static class RealmListCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("list", "List realms and their members") { vault };
        command.SetAction(parse =>
            ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
            {
                foreach (var realm in await control.GetRealmsAsync()) Console.WriteLine($"{realm.Name}\t{string.Join(",", realm.Members)}");
            })
            ?? SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
            {
                foreach (var (realm, memberNames) in SharingAdmin.RealmsByName(db)) Console.WriteLine($"{realm}\t{string.Join(",", memberNames)}");
            }));
        return command;
    }
}
