using Indra.Cli.Terminal;
using System.CommandLine;
using System.Text.Json;
using Indra.Control.Model;
using Indra.Control.Service;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra realm list [--json]</c>: one line a realm, its name, a tab, and the names of its members paired now,
/// comma-separated (members are stored by player id: a removed member is not listed, and a new peer under its name is
/// not a member). Through the control API (<see cref="ControlVerb.Run"/>). With <c>--json</c> one document
/// (docs/json-output.md, "realm list").
/// </summary>
internal static class RealmListCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var json = JsonOption.Create();
        var command = new Command("list", "List realms and their members") { json, vault };
        command.SetAction(parse => ControlVerb.Run(parse.GetValue(vault)!,
            control => control.GetRealmsAsync(),
            (_, db) => SharingOperations.Realms(db),
            realms =>
            {
                if (parse.GetValue(json)) JsonOutput.Print(writer => Write(writer, realms));
                else foreach (var realm in realms) Console.WriteLine($"{realm.Name}\t{string.Join(",", realm.Members)}");
            }));
        return command;
    }

    private static void Write(Utf8JsonWriter writer, IReadOnlyList<RealmItem> realms)
    {
        writer.WriteStartArray("realms");
        foreach (var realm in realms)
        {
            writer.WriteStartObject();
            writer.WriteString("name", realm.Name);
            writer.WriteStartArray("members");
            foreach (var member in realm.Members) writer.WriteStringValue(member);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
