using System.CommandLine;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary><c>indra realm delete NAME</c>: deletes a realm; grants are unchanged.</summary>
internal static class RealmDeleteCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The realm" };
        var command = new Command("delete", "Delete a realm (grants are unchanged)") { name, vault };
        command.SetAction(parse =>
            // A daemon holding the vault drops /realms/NAME at once.
            ControlVerb.RunIfServed(parse.GetValue(vault)!, control => control.DeleteRealmAsync(parse.GetValue(name)!))
            ?? SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
            {
                if (!db.DeleteRealm(parse.GetValue(name)!)) throw new SharingException($"no realm named '{parse.GetValue(name)}'");
            }));
        return command;
    }
}
