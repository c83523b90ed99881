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
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (_, db) =>
        {
            var list = parse.GetValue(members)!.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            SharingAdmin.CreateRealm(db, parse.GetValue(name)!, list);
            Console.WriteLine($"realm {parse.GetValue(name)}: {string.Join(", ", list)}");
        }));
        return command;
    }
}
