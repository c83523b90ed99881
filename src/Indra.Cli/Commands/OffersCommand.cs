using Indra.Cli.Terminal;
using System.CommandLine;
using System.Text.Json;
using Indra.Control.Model;
using Indra.Control.Service;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra offers [--json]</c>: the grants and transfers peers offered this vault, one a line, tab-separated: peer,
/// offer id, mode, name, entries, bytes, state (pending, accepted, failed, declined) and for a failed or declined one
/// its reason. Names and reasons a peer supplied are bounded and have control characters escaped
/// (<see cref="PeerText"/>). Through the control API (<see cref="ControlVerb.Run"/>). With <c>--json</c> one document
/// (docs/json-output.md, "offers").
/// </summary>
internal static class OffersCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var json = JsonOption.Create();
        var command = new Command("offers", "List what peers offered this vault (accept with 'indra accept ID', decline with 'indra decline ID')") { json, vault };
        command.SetAction(parse => ControlVerb.Run(parse.GetValue(vault)!,
            control => control.GetOffersAsync(),
            (_, db) => SharingOperations.Offers(db, service: null),
            offers =>
            {
                if (parse.GetValue(json)) JsonOutput.Print(writer => Write(writer, offers));
                else foreach (var o in offers) Console.WriteLine($"{o.Peer}\t{o.Id}\t{o.Mode}\t{o.Name}\t{o.Entries}\t{o.Bytes}\t{o.State}{(o.Reason.Length > 0 ? "\t" + o.Reason : "")}");
            }));
        return command;
    }

    private static void Write(Utf8JsonWriter writer, IReadOnlyList<OfferItem> offers)
    {
        writer.WriteStartArray("offers");
        foreach (var o in offers)
        {
            writer.WriteStartObject();
            writer.WriteString("id", o.Id);
            writer.WriteString("peer", o.Peer);
            writer.WriteString("mode", o.Mode.ToString());
            writer.WriteString("name", o.Name);
            writer.WriteNumber("entries", o.Entries);
            writer.WriteNumber("bytes", o.Bytes);
            writer.WriteString("state", o.State);
            JsonOutput.TextOrNull(writer, "reason", o.Reason);
            JsonOutput.Time(writer, "offered_at", o.Offered);
            JsonOutput.Time(writer, "updated_at", o.Updated);
            JsonOutput.Time(writer, "retry_at", o.RetryAt);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
