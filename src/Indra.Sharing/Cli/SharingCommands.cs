using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Indra.Engine.Domain;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;
using Indra.Sharing.Security;
using Indra.Sharing.State;
using Indra.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.Cli;

/// <summary>
/// The sharing verbs of the <c>indra</c> CLI: <c>peer invite|add|remove|list|listen</c>, <c>share</c>, <c>recall</c>,
/// <c>grants</c> and <c>realm create|delete|list</c>. They work on <c>VAULT/sharing/sharing.db</c> directly, mounted or
/// not: SQLite serializes them with the daemon, which picks the changes up within one sync interval (its admin
/// channel is that owner-only database). Errors print one line on stderr and exit 1.
/// </summary>
public static class SharingCommands
{
    /// <summary>The verbs, to add to the root command.</summary>
    public static IEnumerable<Command> Create() => [Peer(), Share(), Recall(), Grants(), Realm()];

    private static Option<string> VaultOption() => new("--vault")
    {
        Description = "Vault directory (default: $INDRA_VAULT, else ~/.local/share/indra/vault)",
        DefaultValueFactory = _ => VaultLayout.DefaultDirectory(),
    };

    private static Command Peer()
    {
        var vault = VaultOption();
        var invite = new Command("invite", "Print this vault's invite (player id and peer address) for a peer's 'indra peer add'") { vault };
        invite.SetAction(parse => Run(parse.GetValue(vault)!, (directory, db) =>
        {
            using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
            var advertised = db.GetSetting(SharingDatabase.AdvertisedEndpointSetting);
            if (advertised is not null && Invite.Parse(advertised).PlayerId == identity.PlayerId) Console.WriteLine(advertised);
            else
            {
                var options = SharingOptions.FromVault(directory);
                Console.WriteLine(new Invite(identity.PlayerId, options.ListenAddress.ToString(), options.Port));
            }
        }));

        var addVault = VaultOption();
        var addName = new Argument<string>("NAME") { Description = "Local name of the peer (its folder under /peers)" };
        var addInvite = new Argument<string>("INVITE") { Description = "The peer's invite: indra:PLAYERID@HOST:PORT" };
        var add = new Command("add", "Pair with a peer (it must add this vault's invite too)") { addName, addInvite, addVault };
        add.SetAction(parse => Run(parse.GetValue(addVault)!, (directory, db) =>
        {
            using var identity = PlayerIdentity.Load(Path.Combine(directory, VaultLayout.IdentityFile));
            var peer = SharingAdmin.AddPeer(db, identity.PlayerId, parse.GetValue(addName)!, Invite.Parse(parse.GetValue(addInvite)!), Vault.NowNs());
            Console.WriteLine($"paired with {peer.Name} ({peer.PlayerId}) at {peer.Host}:{peer.Port}");
        }));

        var removeVault = VaultOption();
        var removeName = new Argument<string>("NAME") { Description = "The peer" };
        var remove = new Command("remove", "Unpair a peer: it can no longer connect, and is no longer served") { removeName, removeVault };
        remove.SetAction(parse => Run(parse.GetValue(removeVault)!, (_, db) =>
        {
            var name = parse.GetValue(removeName)!;
            if (!db.RemovePeer(name, Vault.NowNs())) throw new SharingException($"no paired peer named '{name}'");
            Console.WriteLine($"unpaired {name}");
        }));

        var listVault = VaultOption();
        var list = new Command("list", "List peers with their player id, address, state and last contact") { listVault };
        list.SetAction(parse => Run(parse.GetValue(listVault)!, (_, db) =>
        {
            var contacts = db.ListContacts();
            foreach (var p in db.ListPeers())
            {
                contacts.TryGetValue(p.PlayerId, out var c);
                var state = !p.IsActive ? "removed" : c.State ?? "never contacted";
                Console.WriteLine($"{p.Name}\t{p.PlayerId}\t{p.Host}:{p.Port}\t{state}\t{(c.LastContactNs == 0 ? "-" : Iso(c.LastContactNs))}");
            }
        }));

        var listenVault = VaultOption();
        var endpoint = new Argument<string>("ADDRESS:PORT") { Description = "Where the mount daemon's peer endpoint listens (default 127.0.0.1:7411)" };
        var listen = new Command("listen", "Set the address and port the peer endpoint listens on (takes effect at the next mount)") { endpoint, listenVault };
        listen.SetAction(parse => Run(parse.GetValue(listenVault)!, (_, db) =>
        {
            var text = parse.GetValue(endpoint)!;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !System.Net.IPAddress.TryParse(text[..colon].Trim('[', ']'), out var address)
                || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
                throw new SharingException("expected ADDRESS:PORT, e.g. 127.0.0.1:7411");
            db.SetSetting(SharingDatabase.ListenAddressSetting, address.ToString());
            db.SetSetting(SharingDatabase.ListenPortSetting, port.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine($"the peer endpoint will listen on {address}:{port}");
        }));

        return new Command("peer", "Pair with other vaults: invite, add, remove, list, listen") { invite, add, remove, list, listen };
    }

    private static Command Share()
    {
        var vault = VaultOption();
        var path = new Argument<string>("PATH") { Description = "File or folder, relative to the vault root (MOUNT/vault)" };
        var with = new Option<string>("--with") { Description = "The peer", Required = true };
        var mode = new Option<string>("--mode") { Description = "revocable | permanent | timed | transfer", DefaultValueFactory = _ => "revocable" };
        var until = new Option<string?>("--until") { Description = "Timed grants: expiry, UTC (e.g. 2026-12-31T23:00:00Z)" };
        var command = new Command("share", "Grant a file or folder to a peer; it appears under the peer's /peers/<you>/") { path, with, mode, until, vault };
        command.SetAction(parse => Run(parse.GetValue(vault)!, (directory, db) =>
        {
            if (!Enum.TryParse<AccessMode>(parse.GetValue(mode), ignoreCase: true, out var accessMode) || !Enum.IsDefined(accessMode))
                throw new SharingException("--mode is one of revocable, permanent, timed, transfer");
            DateTimeOffset? expiry = null;
            if (parse.GetValue(until) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    throw new SharingException($"--until '{text}' is not a UTC time");
                expiry = parsed;
            }
            using var metadata = MetadataStore.OpenReadOnly(Path.Combine(directory, VaultLayout.MetadataFile));
            var settle = Vault.IsHeld(directory) ? SharingAdmin.SettleTime : TimeSpan.Zero;
            var grant = SharingAdmin.Share(db, metadata, parse.GetValue(path)!, parse.GetValue(with)!, accessMode, expiry, Vault.NowNs(), settle);
            Console.WriteLine($"granted /vault/{grant.Path} to {parse.GetValue(with)} ({grant.Mode}{(grant.ExpiresNs > 0 ? " until " + Iso(grant.ExpiresNs) : "")}), grant {grant.Id}");
        }));
        return command;
    }

    private static Command Recall()
    {
        var vault = VaultOption();
        var path = new Argument<string>("PATH") { Description = "The granted file or folder, relative to the vault root" };
        var from = new Option<string>("--from") { Description = "The peer", Required = true };
        var command = new Command("recall", "Recall grants of a path from a peer (revocable and timed grants disappear; permanent ones stay)") { path, from, vault };
        command.SetAction(parse => Run(parse.GetValue(vault)!, (_, db) =>
        {
            var count = SharingAdmin.Recall(db, parse.GetValue(path)!, parse.GetValue(from)!, Vault.NowNs());
            Console.WriteLine($"recalled {count} grant{(count == 1 ? "" : "s")}");
        }));
        return command;
    }

    private static Command Grants()
    {
        var vault = VaultOption();
        var all = new Option<bool>("--all") { Description = "Include recalled, expired and completed grants" };
        var command = new Command("grants", "List the grants this vault gave") { all, vault };
        command.SetAction(parse => Run(parse.GetValue(vault)!, (_, db) =>
        {
            var now = Vault.NowNs();
            var names = db.ListPeers().ToDictionary(p => p.PlayerId, p => p.Name);
            foreach (var g in db.ListGrants().Where(g => parse.GetValue(all) || g.IsActive(now)))
            {
                var state = g.CompletedNs > 0 ? "transferred" : g.RecalledNs > 0 ? "recalled" : g.IsActive(now) ? "active" : "expired";
                Console.WriteLine($"{g.Id[..8]}\t/vault/{g.Path}\t{(names.TryGetValue(g.Peer, out var n) ? n : g.Peer.ToString())}\t{g.Mode}\t{state}\t{(g.ExpiresNs > 0 ? Iso(g.ExpiresNs) : "-")}");
            }
        }));
        return command;
    }

    private static Command Realm()
    {
        var vault = VaultOption();
        var name = new Argument<string>("NAME") { Description = "The realm (its folder under /realms)" };
        var members = new Option<string[]>("--members") { Description = "Member peers (names, comma- or space-separated)", Required = true, AllowMultipleArgumentsPerToken = true };
        var create = new Command("create", "Create a realm: /realms/NAME shows what every member can access") { name, members, vault };
        create.SetAction(parse => Run(parse.GetValue(vault)!, (_, db) =>
        {
            var list = parse.GetValue(members)!.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            SharingAdmin.CreateRealm(db, parse.GetValue(name)!, list);
            Console.WriteLine($"realm {parse.GetValue(name)}: {string.Join(", ", list)}");
        }));

        var deleteVault = VaultOption();
        var deleteName = new Argument<string>("NAME") { Description = "The realm" };
        var delete = new Command("delete", "Delete a realm (grants are unchanged)") { deleteName, deleteVault };
        delete.SetAction(parse => Run(parse.GetValue(deleteVault)!, (_, db) =>
        {
            if (!db.DeleteRealm(parse.GetValue(deleteName)!)) throw new SharingException($"no realm named '{parse.GetValue(deleteName)}'");
        }));

        var listVault = VaultOption();
        var list = new Command("list", "List realms and their members") { listVault };
        list.SetAction(parse => Run(parse.GetValue(listVault)!, (_, db) =>
        {
            foreach (var (realm, memberNames) in db.ListRealms()) Console.WriteLine($"{realm}\t{string.Join(",", memberNames)}");
        }));
        return new Command("realm", "Named sets of peers: create, delete, list") { create, delete, list };
    }

    private static int Run(string vault, Action<string, SharingDatabase> work)
    {
        var directory = Path.GetFullPath(vault);
        try
        {
            if (!VaultLayout.Exists(directory)) throw new SharingException($"no vault at {directory} (run 'indra init --vault {directory}')");
            using var db = SharingDatabase.Open(directory);
            work(directory, db);
            return 0;
        }
        catch (Exception e) when (e is SharingException or SqliteException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            Console.Error.WriteLine($"indra: {e.Message}");
            return 1;
        }
    }

    private static string Iso(long ns) =>
        new DateTime(DateTime.UnixEpoch.Ticks + ns / 100, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
