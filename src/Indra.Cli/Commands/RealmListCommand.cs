using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary><c>indra realm list</c>: one line a realm, its name, a tab, and its members comma-separated.</summary>
internal static class RealmListCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var command = new Command("list", "List realms and their members") { vault };
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            foreach (var (realm, memberNames) in db.ListRealms()) Console.WriteLine($"{realm}\t{string.Join(",", memberNames)}");
        }));
        return command;
    }
}
