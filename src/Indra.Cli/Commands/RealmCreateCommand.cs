using System.CommandLine;
using Indra.Control.Service;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra realm create NAME --members PEERS</c>: <c>/realms/NAME</c> shows what every member can access. Through the
/// control API (<see cref="ControlVerb.Run"/>), so the daemon and an unmounted vault answer alike: an existing realm
/// is refused (AlreadyExists: one line, exit 1), never redefined; a daemon serving the vault shows the realm at once.
/// </summary>
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
            return ControlVerb.Run(parse.GetValue(vault)!,
                control => control.CreateRealmAsync(realm, list),
                (_, db) => SharingOperations.CreateRealm(db, null, realm, list),
                _ => Console.WriteLine($"realm {realm}: {string.Join(", ", list)}"));
        });
        return command;
    }
}
