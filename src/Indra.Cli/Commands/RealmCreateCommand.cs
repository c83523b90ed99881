using System.CommandLine;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary><c>indra realm create NAME --members PEERS</c>: <c>/realms/NAME</c> shows what every member can access (<see cref="SharingAdmin.CreateRealm"/>).</summary>
internal static class RealmCreateCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var name = new Argument<string>("NAME") { Description = "The realm (its folder under /realms)" };
        var members = new Option<string[]>("--members") { Description = "Member peers (names, comma- or space-separated)", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new Command("create", "Create a realm: /realms/NAME shows what every member can access") { name, members, vault };
        command.SetAction(parse =>
        {
            var list = parse.GetValue(members)!.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var realm = parse.GetValue(name)!;
            // A daemon holding the vault shows /realms/NAME from this moment.
            return ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
            {
                await control.CreateRealmAsync(realm, list);
                Console.WriteLine($"realm {realm}: {string.Join(", ", list)}");
            }) ?? SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
            {
                SharingAdmin.CreateRealm(db, realm, list);
                Console.WriteLine($"realm {realm}: {string.Join(", ", list)}");
            });
        });
        return command;
    }
}
