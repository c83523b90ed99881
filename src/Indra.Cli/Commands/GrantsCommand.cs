using Indra.Cli.Terminal;
using System.CommandLine;
using System.Text.Json;
using Indra.Control.Model;
using Indra.Control.Service;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra grants [--all] [--json]</c>: the grants this vault gave, one a line, tab-separated: id prefix, path (where
/// the granted node is now; the path it had when granted once it is deleted), peer, mode, state (active, expired,
/// recalled, transferred, ended: the node was deleted), expiry (UTC) or "-", and "cut" when the grant holds more
/// entries than one grant carries (only the first are shared) or "-". Through the control API
/// (<see cref="ControlVerb.Run"/>): the daemon's answer while one serves the vault, else the vault opened for the call.
/// With <c>--json</c> one document (docs/json-output.md, "grants").
/// </summary>
internal static class GrantsCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var all = new Option<bool>("--all") { Description = "Include recalled, expired, ended and completed grants" };
        var json = JsonOption.Create();
        var command = new Command("grants", "List the grants this vault gave") { all, json, vault };
        command.SetAction(parse => ControlVerb.Run(parse.GetValue(vault)!,
            control => control.GetGrantsAsync(),
            (directory, db) =>
            {
                using var reader = VaultReader.Open(directory);
                var now = Vault.NowNs();
                SharingAdmin.BindPathGrants(db, reader.Tree, now);
                return SharingOperations.Grants(db, reader.Tree, now);
            },
            answer =>
            {
                var grants = answer.Where(g => parse.GetValue(all) || g.Active).ToList();
                if (parse.GetValue(json)) JsonOutput.Print(writer => Write(writer, grants));
                else foreach (var g in grants) Print(g);
            }));
        return command;
    }

    private static void Print(GrantItem g) =>
        Console.WriteLine($"{g.Id[..8]}\t/vault/{g.Path ?? g.GrantedPath}\t{g.Peer}\t{g.Mode}\t{g.State}\t{(g.Until is { } end ? UtcText.From(end) : "-")}\t{(g.Cut ? "cut" : "-")}");

    private static void Write(Utf8JsonWriter writer, IReadOnlyList<GrantItem> grants)
    {
        writer.WriteStartArray("grants");
        foreach (var g in grants)
        {
            writer.WriteStartObject();
            writer.WriteString("id", g.Id);
            JsonOutput.TextOrNull(writer, "path", g.Path);
            writer.WriteString("granted_path", g.GrantedPath);
            writer.WriteString("peer", g.Peer);
            writer.WriteString("mode", g.Mode.ToString());
            writer.WriteString("state", g.State);
            writer.WriteBoolean("active", g.Active);
            JsonOutput.Time(writer, "created_at", g.Created);
            JsonOutput.Time(writer, "expires_at", g.Until);
            writer.WriteBoolean("cut", g.Cut);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
