using System.CommandLine;
using System.Globalization;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra share PATH --with PEER [--mode M] [--until UTC]</c>: grants the file or folder now at PATH to a peer; it
/// appears under the peer's <c>/peers/&lt;you&gt;/</c>. The grant follows that file or folder through renames and ends
/// when it is deleted (a new file saved at PATH later is not shared). While a daemon serves the vault the grant is made
/// through its control API and takes effect at once (the daemon sees everything written on the mount); otherwise it is
/// written to the sharing database (<see cref="SharingAdmin.Share"/>).
/// </summary>
internal static class ShareCommand
{
    internal static Command Create()
    {
        var vault = CliOptions.Vault();
        var path = new Argument<string>("PATH") { Description = "File or folder, relative to the vault root (MOUNT/vault)" };
        var with = new Option<string>("--with") { Description = "The peer", Required = true };
        var mode = new Option<string>("--mode") { Description = "revocable | permanent | timed | transfer", DefaultValueFactory = _ => "revocable" };
        var until = new Option<string?>("--until") { Description = "Timed grants: expiry, UTC (e.g. 2026-12-31T23:00:00Z)" };
        var command = new Command("share", "Grant a file or folder to a peer; it appears under the peer's /peers/<you>/") { path, with, mode, until, vault };
        command.SetAction(parse =>
        {
            var accessMode = ParseMode(parse.GetValue(mode));
            var expiry = ParseUntil(parse.GetValue(until));
            var peer = parse.GetValue(with)!;
            return ControlVerb.RunIfServed(parse.GetValue(vault)!, async control =>
            {
                var grant = await control.ShareAsync(parse.GetValue(path)!, peer, accessMode, expiry).ConfigureAwait(false);
                Console.WriteLine($"granted /vault/{grant.Path} to {peer} ({grant.Mode}{(grant.Until is { } end ? " until " + UtcText.From(end) : "")}), grant {grant.Id}");
            }) ?? SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
            {
                using var reader = VaultReader.Open(directory);
                SharingAdmin.BindPathGrants(db, reader.Tree, Vault.NowNs());
                var grant = SharingAdmin.Share(db, reader.Tree, parse.GetValue(path)!, peer, accessMode, expiry, Vault.NowNs());
                Console.WriteLine($"granted /vault/{grant.Path} to {peer} ({grant.Mode}{(grant.ExpiresNs > 0 ? " until " + UtcText.FromNanoseconds(grant.ExpiresNs) : "")}), grant {grant.Id}");
            });
        });
        return command;
    }

    private static AccessMode ParseMode(string? text)
    {
        if (!Enum.TryParse<AccessMode>(text, ignoreCase: true, out var accessMode) || !Enum.IsDefined(accessMode))
        {
            throw new CliException("--mode is one of revocable, permanent, timed, transfer");
        }
        return accessMode;
    }

    private static DateTimeOffset? ParseUntil(string? text)
    {
        if (text is null) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            throw new CliException($"--until '{text}' is not a UTC time");
        }
        return parsed;
    }
}
