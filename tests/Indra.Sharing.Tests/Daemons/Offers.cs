using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Security;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>One line of <c>indra offers</c>.</summary>
internal sealed record OfferLine(string Peer, string Id, string Mode, string Name, long Entries, long Bytes, string State, string Reason);

/// <summary>What the offer tests read from a daemon vault from outside: <c>indra offers</c>, peers.json, the log.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class Offers
{
    /// <summary><c>indra offers</c> of <paramref name="vault"/>, parsed.</summary>
    internal static List<OfferLine> List(DaemonVault vault) =>
        vault.Cli("offers").Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var f = line.Split('\t');
            return new OfferLine(f[0], f[1], f[2], f[3], long.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture), f[6], f.Length > 7 ? f[7] : "");
        }).ToList();

    /// <summary>The offer of <paramref name="peer"/> named <paramref name="name"/> on <paramref name="vault"/>, or null.</summary>
    internal static OfferLine? Find(DaemonVault vault, DaemonVault peer, string name) => List(vault).SingleOrDefault(o => o.Peer == peer.Name && o.Name == name);

    /// <summary>Waits until <paramref name="vault"/> lists <paramref name="peer"/>'s offer <paramref name="name"/> in state <paramref name="state"/>.</summary>
    internal static OfferLine WaitFor(DaemonVault vault, DaemonVault peer, string name, string state)
    {
        OfferLine? offer = null;
        Wait.Until(() => (offer = Find(vault, peer, name))?.State == state, $"{vault.Name} to list {peer.Name}'s offer {name} as {state} (now {offer?.State ?? "absent"})", TimeSpan.FromSeconds(30));
        return offer!;
    }

    /// <summary><paramref name="peer"/>'s object in <paramref name="vault"/>'s peers.json.</summary>
    internal static JsonElement PeerJson(DaemonVault vault, DaemonVault peer)
    {
        using var json = vault.PeersJson();
        return json.RootElement.GetProperty("peers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == peer.Name).Clone();
    }

    /// <summary>Files and folders under <paramref name="folder"/> whose name starts with ".indra-transfer-" (none when the folder is absent).</summary>
    internal static string[] Staging(string folder) => Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder, ".indra-transfer-*") : [];

    /// <summary>The endpoint port in <paramref name="vault"/>'s invite.</summary>
    internal static int Port(DaemonVault vault) => int.Parse(vault.Invite[(vault.Invite.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>A client certificate over <paramref name="vault"/>'s own player key (a fake peer that holds the pinned key).</summary>
    internal static X509Certificate2 CertificateOf(DaemonVault vault)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(vault.VaultDirectory, "identity.key")));
        return PeerCertificates.CreateSelfSigned(key, new PlayerId(Blake3.Hash(key.ExportSubjectPublicKeyInfo())));
    }

    /// <summary>
    /// Runs <paramref name="test"/> with <paramref name="vault"/>'s auto-accept of <paramref name="peer"/> off, and turns
    /// it back on whatever happens (the trio's setting).
    /// </summary>
    internal static void WithConsent(DaemonVault vault, DaemonVault peer, Action test)
    {
        DaemonTrio.SetAutoAccept(vault, peer, false);
        try
        {
            test();
        }
        finally
        {
            DaemonTrio.SetAutoAccept(vault, peer, true);
        }
    }
}
