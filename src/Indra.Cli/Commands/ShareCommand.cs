using System.CommandLine;
using System.Globalization;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Sharing;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra share PATH --with PEER [--mode M] [--until UTC]</c>: grants the file or folder now at PATH to a peer
/// (<see cref="SharingAdmin.Share"/>); it appears under the peer's <c>/peers/&lt;you&gt;/</c>. The grant follows that
/// file or folder through renames and ends when it is deleted (a new file saved at PATH later is not shared).
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
        command.SetAction(parse => SharingVerb.Run(parse.GetValue(vault)!, (directory, db) =>
        {
            if (!Enum.TryParse<AccessMode>(parse.GetValue(mode), ignoreCase: true, out var accessMode) || !Enum.IsDefined(accessMode))
            {
                throw new SharingException("--mode is one of revocable, permanent, timed, transfer");
            }
            DateTimeOffset? expiry = null;
            if (parse.GetValue(until) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    throw new SharingException($"--until '{text}' is not a UTC time");
                }
                expiry = parsed;
            }
            using var reader = VaultReader.Open(directory);
            SharingAdmin.BindPathGrants(db, reader.Tree, Vault.NowNs());
            var settle = Vault.IsHeld(directory) ? SharingAdmin.SettleTime : TimeSpan.Zero;
            var grant = SharingAdmin.Share(db, reader.Tree, parse.GetValue(path)!, parse.GetValue(with)!, accessMode, expiry, Vault.NowNs(), settle);
            Console.WriteLine($"granted /vault/{grant.Path} to {parse.GetValue(with)} ({grant.Mode}{(grant.ExpiresNs > 0 ? " until " + UtcText.FromNanoseconds(grant.ExpiresNs) : "")}), grant {grant.Id}");
        }));
        return command;
    }
}
