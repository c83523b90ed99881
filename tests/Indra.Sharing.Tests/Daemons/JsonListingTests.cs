using System.Text.Json;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// <c>--json</c> of <c>peer list</c>, <c>offers</c>, <c>grants</c> and <c>realm list</c> (docs/json-output.md): one
/// document on stdout, every documented field present with its JSON type, against a mounted vault (the daemon's
/// answer) and, for the lists that need no daemon, an unmounted one (the vault opened by the CLI).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class JsonListingTests
{
    private const JsonValueKind Text = JsonValueKind.String;
    private const JsonValueKind Number = JsonValueKind.Number;

    [Test]
    public void PeerList_Json()
    {
        var alice = DaemonTrio.Alice;
        var peers = Items(alice.Cli("peer", "list", "--json").Ok().Stdout, "peers");
        var bob = peers.Single(p => p.GetProperty("name").GetString() == "bob");
        Expect(bob, ("name", Text), ("player", Text), ("address", Text), ("state", Text), ("connected", JsonValueKind.True), ("last_contact_at", Text),
            ("error", JsonValueKind.Null), ("auto_accept", JsonValueKind.True), ("quota_bytes", Number), ("quota_entries", Number));
        Assert.That(bob.GetProperty("player").GetString(), Is.EqualTo(DaemonTrio.Bob.PlayerId));
        Assert.That(bob.GetProperty("state").GetString(), Is.EqualTo("online"));
        Assert.That(bob.GetProperty("last_contact_at").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
    }

    [Test]
    public void Offers_Json()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var folder = $"jo-{Guid.NewGuid():N}"[..12];
        Directory.CreateDirectory(Path.Combine(alice.Vault, folder));
        File.WriteAllText(Path.Combine(alice.Vault, folder, "offered.txt"), "offered\n");
        Offers.WithConsent(bob, alice, () =>
        {
            try
            {
                alice.Cli("share", $"{folder}/offered.txt", "--with", "bob").Ok();
                var line = Offers.WaitFor(bob, alice, "offered.txt", "pending");
                var offer = Items(bob.Cli("offers", "--json").Ok().Stdout, "offers").Single(o => o.GetProperty("id").GetString() == line.Id);
                Expect(offer, ("id", Text), ("peer", Text), ("mode", Text), ("name", Text), ("entries", Number), ("bytes", Number), ("state", Text),
                    ("reason", JsonValueKind.Null), ("offered_at", Text), ("updated_at", Text), ("retry_at", JsonValueKind.Null));
                Assert.That((offer.GetProperty("peer").GetString(), offer.GetProperty("mode").GetString(), offer.GetProperty("name").GetString()),
                    Is.EqualTo(("alice", "Revocable", "offered.txt")));
                Assert.That((offer.GetProperty("entries").GetInt64(), offer.GetProperty("bytes").GetInt64(), offer.GetProperty("state").GetString()), Is.EqualTo((1L, 8L, "pending")));
            }
            finally
            {
                alice.Cli("recall", $"{folder}/offered.txt", "--from", "bob");
                Wait.Until(() => Offers.Find(bob, alice, "offered.txt") is null, "the recalled offer to leave bob's list");
            }
        });
    }

    [Test]
    public void Grants_Json()
    {
        var alice = DaemonTrio.Alice;
        var folder = $"jg-{Guid.NewGuid():N}"[..12];
        Directory.CreateDirectory(Path.Combine(alice.Vault, folder));
        File.WriteAllText(Path.Combine(alice.Vault, folder, "granted.txt"), "granted\n");
        alice.Cli("share", $"{folder}/granted.txt", "--with", "carol", "--mode", "timed", "--until", "2099-01-02T03:04:05Z").Ok();
        try
        {
            var grant = Items(alice.Cli("grants", "--json").Ok().Stdout, "grants").Single(g => g.GetProperty("granted_path").GetString() == $"{folder}/granted.txt");
            Expect(grant, ("id", Text), ("path", Text), ("granted_path", Text), ("peer", Text), ("mode", Text), ("state", Text), ("active", JsonValueKind.True),
                ("created_at", Text), ("expires_at", Text), ("cut", JsonValueKind.False));
            Assert.That(grant.GetProperty("id").GetString(), Does.Match("^[0-9a-f]{32}$"));
            Assert.That((grant.GetProperty("path").GetString(), grant.GetProperty("peer").GetString(), grant.GetProperty("mode").GetString(), grant.GetProperty("state").GetString()),
                Is.EqualTo(($"{folder}/granted.txt", "carol", "Timed", "active")));
            Assert.That(grant.GetProperty("expires_at").GetString(), Is.EqualTo("2099-01-02T03:04:05.000Z"));
        }
        finally
        {
            alice.Cli("recall", $"{folder}/granted.txt", "--from", "carol").Ok();
        }
        Assert.That(Items(alice.Cli("grants", "--json").Ok().Stdout, "grants").Any(g => g.GetProperty("granted_path").GetString() == $"{folder}/granted.txt"), Is.False,
            "without --all a recalled grant is not listed");
        var recalled = Items(alice.Cli("grants", "--all", "--json").Ok().Stdout, "grants").Single(g => g.GetProperty("granted_path").GetString() == $"{folder}/granted.txt");
        Assert.That((recalled.GetProperty("state").GetString(), recalled.GetProperty("active").ValueKind), Is.EqualTo(("recalled", JsonValueKind.False)));
    }

    [Test]
    public void RealmList_Json_MountedAndNot()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var solo = new DaemonVault(DaemonTrio.Root, "jr-solo-" + tag, mount: false);
        using var mate = new DaemonVault(DaemonTrio.Root, "jr-mate-" + tag, mount: false);
        DaemonVault.Pair(solo, mate);
        solo.Cli("realm", "create", "crew", "--members", mate.Name).Ok();
        foreach (var mounted in new[] { false, true })
        {
            if (mounted) solo.Mount();
            var realms = Items(solo.Cli("realm", "list", "--json").Ok().Stdout, "realms");
            Assert.That(realms, Has.Count.EqualTo(1), mounted ? "mounted" : "unmounted");
            Expect(realms[0], ("name", Text), ("members", JsonValueKind.Array));
            Assert.That(realms[0].GetProperty("name").GetString(), Is.EqualTo("crew"));
            Assert.That(realms[0].GetProperty("members").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { mate.Name }));
        }
        Assert.That(Items(solo.Cli("peer", "list", "--json").Ok().Stdout, "peers").Single().GetProperty("name").GetString(), Is.EqualTo(mate.Name));
    }

    /// <summary>The array <paramref name="key"/> of the one JSON document <paramref name="stdout"/> holds.</summary>
    private static List<JsonElement> Items(string stdout, string key)
    {
        using var document = JsonDocument.Parse(stdout);
        Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
        return document.RootElement.GetProperty(key).EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Asserts <paramref name="item"/> has exactly <paramref name="fields"/>, each of its JSON kind.</summary>
    private static void Expect(JsonElement item, params (string Name, JsonValueKind Kind)[] fields)
    {
        Assert.That(item.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(fields.Select(f => f.Name)), "the documented fields, no others");
        foreach (var (name, kind) in fields) Assert.That(item.GetProperty(name).ValueKind, Is.EqualTo(kind), name);
    }
}
