using Indra.Cli.Terminal;
using System.CommandLine;
using System.Text.Json;
using Indra.Control.Model;
using Indra.Control.Service;
using Indra.Engine.Vaults;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra peer list [--json]</c>: one line a peer, tab-separated: name, player id, address, state, last contact (UTC);
/// removed peers too (state "removed"). Through the control API (<see cref="ControlVerb.Run"/>): the daemon's answer
/// while one serves the vault. With <c>--json</c> one document (docs/json-output.md, "peer list").
/// </summary>
internal static class PeerListCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var json = JsonOption.Create();
        var command = new Command("list", "List peers with their player id, address, state and last contact") { json, vault };
        command.SetAction(parse => ControlVerb.Run(parse.GetValue(vault)!,
            control => control.ListPeersAsync(includeRemoved: true),
            (_, db) => SharingOperations.Peers(db, includeRemoved: true, Vault.NowNs()),
            peers =>
            {
                if (parse.GetValue(json)) JsonOutput.Print(writer => Write(writer, peers));
                else foreach (var p in peers) Console.WriteLine($"{p.Name}\t{p.Player}\t{p.Address}\t{p.State}\t{(p.LastSeen is { } seen ? UtcText.From(seen) : "-")}");
            }));
        return command;
    }

    private static void Write(Utf8JsonWriter writer, IReadOnlyList<PeerItem> peers)
    {
        writer.WriteStartArray("peers");
        foreach (var p in peers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", p.Name);
            writer.WriteString("player", p.Player);
            writer.WriteString("address", p.Address);
            writer.WriteString("state", p.State);
            writer.WriteBoolean("connected", p.Connected);
            JsonOutput.Time(writer, "last_contact_at", p.LastSeen);
            JsonOutput.TextOrNull(writer, "error", p.Error);
            writer.WriteBoolean("auto_accept", p.AutoAccept);
            writer.WriteNumber("quota_bytes", p.QuotaBytes);
            writer.WriteNumber("quota_entries", p.QuotaEntries);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
