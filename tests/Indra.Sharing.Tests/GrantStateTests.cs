using System.Text;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Sharing.Server;
using Indra.Sharing.State;
using Indra.Sharing.Views;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.Tests;

/// <summary>
/// The rules behind node-bound grants and private audiences, below the daemons: a version 1 sharing.db migrates (path
/// grants bound to their node or ended, realm members to player ids), a grant follows its node, audiences name only
/// realm co-members, realm views nest by steward, and a grant too large for one manifest is cut and says so.
/// </summary>
[TestFixture]
public sealed class GrantStateTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Path.Combine(Path.GetTempPath(), "indra-grant-state-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void AVersion1Database_BindsPathGrantsToTheirNodes_AndRealmMembersToPlayers()
    {
        using var vault = Vault.Create(Path.Combine(_root, "v"), blockSize: 4096);
        var docs = vault.Tree.CreateTree(vault.Tree.Root, "docs", TreeType.Collection, 0x1ED, 0, 0)!;
        var file = vault.Tree.CreateFile(docs, "a.txt", vault.Content.Build(Encoding.UTF8.GetBytes("alpha"), durable: false), 0x1A4, 0, 0)!;
        var (bob, gone) = (Player(1), Player(2));
        SharingLayout.EnsureFolder(vault.Directory!);
        using (var old = new SqliteConnection($"Data Source={SharingLayout.Database(vault.Directory!)};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // The tables as the first version made them, with no user_version.
            command.CommandText = $"""
                CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE peers(name TEXT PRIMARY KEY, player_id TEXT NOT NULL UNIQUE, host TEXT NOT NULL, port INTEGER NOT NULL, added_ns INTEGER NOT NULL, revoked_ns INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE grants(id TEXT PRIMARY KEY, path TEXT NOT NULL, peer_id TEXT NOT NULL, mode TEXT NOT NULL, expires_ns INTEGER NOT NULL DEFAULT 0, created_ns INTEGER NOT NULL, recalled_ns INTEGER NOT NULL DEFAULT 0, completed_ns INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE realm_members(realm TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY(realm, member));
                INSERT INTO peers VALUES('bob', '{bob}', '127.0.0.1', 1, 1, 0);
                INSERT INTO peers VALUES('old', '{gone}', '127.0.0.1', 2, 1, 5);
                INSERT INTO grants(id, path, peer_id, mode, created_ns) VALUES('aaaa', 'docs/a.txt', '{bob}', 'Revocable', 1);
                INSERT INTO grants(id, path, peer_id, mode, created_ns) VALUES('bbbb', 'docs/missing.txt', '{bob}', 'Revocable', 2);
                INSERT INTO realm_members VALUES('team', 'bob'), ('team', 'old'), ('team', 'nobody');
                """;
            command.ExecuteNonQuery();
        }

        using var db = SharingDatabase.Open(vault.Directory!);
        Assert.That(db.ListGrants().Select(g => (g.Node, g.IsActive(10))), Is.EqualTo(new[] { (0L, false), (0L, false) }), "unbound grants share nothing");
        Assert.That(SharingAdmin.BindPathGrants(db, vault.Tree, 10), Is.EqualTo(2));
        var grants = db.ListGrants();
        Assert.That(grants[0].Node, Is.EqualTo(file.Inode));
        Assert.That(grants[0].IsActive(10), Is.True);
        Assert.That(grants[1].StateAt(10), Is.EqualTo("ended"), "a path that names nothing any more ends its grant");
        Assert.That(db.ListRealms()["team"], Is.EquivalentTo(new[] { bob, gone }), "names become players; a name without a peer is dropped");
        Assert.That(SharingAdmin.RealmsByName(db)["team"], Is.EqualTo(new[] { "bob" }), "listed by the names of members paired now");

        db.AddPeer("old", Player(3), "127.0.0.1", 3, 20);
        Assert.That(SharingAdmin.RealmsByName(db)["team"], Is.EqualTo(new[] { "bob" }), "a new player under a removed member's name is no member");
        using (var again = SharingDatabase.Open(vault.Directory!))
        {
            Assert.That(again.ListGrants(), Has.Count.EqualTo(2), "opening a current file again changes nothing");
        }
    }

    [Test]
    public void AGrant_FollowsItsNodeThroughARename_AndEndsWithIt()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        alice.Write("first.txt", Encoding.UTF8.GetBytes("the node's content"));
        alice.Sharing.Share("first.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "first.txt") is not null, "the file to sync");

        Assert.That(alice.Fs.Rename(ReservedInodes.Vault, "first.txt", ReservedInodes.Vault, "second.txt", RenameFlags.None), Is.EqualTo(Errno.None));
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "second.txt") is not null, "the rename to reach bob");
        Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", "first.txt"), Is.Null);
        Assert.That(() => alice.Sharing.Recall("first.txt", "bob"), Throws.TypeOf<SharingException>(), "the old path names nothing");

        Assert.That(alice.Fs.Unlink(ReservedInodes.Vault, "second.txt"), Is.EqualTo(Errno.None));
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "second.txt") is null, "the deletion to reach bob");
        alice.Write("second.txt", Encoding.UTF8.GetBytes("someone else's new file"));
        Wait.Until(() => alice.Sharing.Grants().Single().EndedNs > 0, "alice's daemon to end the grant of the deleted node");
        Assert.That(alice.Sharing.Grants().Single().IsActive(long.MaxValue / 2), Is.False);
        alice.Write("probe.txt", Encoding.UTF8.GetBytes("a later share"));
        alice.Sharing.Share("probe.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "probe.txt") is not null, "a later manifest to reach bob");
        Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", "second.txt"), Is.Null, "the new file at the old path is not shared");
    }

    [Test]
    public void ARemovedPeer_IsToldUnpaired_DropsWhatItWasShown_ButRetainsPermanentEntries()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        alice.Write("rev.txt", Encoding.UTF8.GetBytes("revocable"));
        alice.Write("perm.txt", Encoding.UTF8.GetBytes("permanent"));
        alice.Sharing.Share("rev.txt", "bob", AccessMode.Revocable);
        alice.Sharing.Share("perm.txt", "bob", AccessMode.Permanent);
        Wait.Until(() => bob.Sharing.List(ShareScope.Peer, "alice", "").Count == 2, "both files to sync");

        Assert.That(alice.Sharing.RemovePeer("bob"), Is.True);
        Assert.That(alice.Sharing.Grants().All(g => g.RecalledNs > 0), Is.True, "every grant to bob is recalled");
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "rev.txt") is null, "bob to drop the revocable file");
        // The recall may reach bob as a changed manifest (held by the long poll) a round before alice refuses him.
        Wait.Until(() => bob.Sharing.PeersJson().Contains("\"state\": \"unpaired\"", StringComparison.Ordinal), "bob to be told he is unpaired");
        Assert.That(SharedFileReads.ReadAll(bob.Sharing, ShareScope.Peer, "alice", "perm.txt"), Is.EqualTo(Encoding.UTF8.GetBytes("permanent")), "a permanent entry is retained");

        using (var client = new Client.PeerClient("127.0.0.1", alice.Port, alice.Vault.Player, Security.PeerCertificates.CreateFor(bob.Vault), TimeSpan.FromSeconds(10)))
        {
            Assert.ThrowsAsync<Client.PeerUnpairedException>(() => client.GetManifestAsync(null, CancellationToken.None));
        }
        using (var stranger = new RawPeer(alice.Port, RawPeer.Stranger()))
        {
            Assert.That(stranger.Send(HttpMethod.Get, "v1/manifest"), Is.Null, "a key never paired is still refused at the handshake");
        }

        alice.Sharing.AddPeer("bob", bob.Sharing.Invite);
        Wait.Until(() => bob.Sharing.PeersJson().Contains("\"state\": \"online\"", StringComparison.Ordinal), "bob's slow poll to find alice paired again");
        alice.Write("new.txt", Encoding.UTF8.GetBytes("new"));
        alice.Sharing.Share("new.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "new.txt") is not null, "a new share after pairing again");
        Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", "rev.txt"), Is.Null, "the old grant does not come back");
    }

    [Test]
    public void TheAudience_NamesOnlyGranteesThatShareARealmOfTheStewardsWithTheCaller()
    {
        var (ben, cat, dan) = (Player(11), Player(12), Player(13));
        var grants = new[] { Grant("g1", 7, ben), Grant("g2", 7, cat), Grant("g3", 7, dan), Grant("g4", 8, cat) };
        var active = new HashSet<PlayerId> { ben, cat, dan };
        var none = new Dictionary<string, IReadOnlyList<PlayerId>>();
        Assert.That(ServedManifest.AudienceOf(grants[0], grants, active, none, 1), Is.EqualTo(new[] { ben.ToString() }), "no realm: ben learns of no one");
        var realms = new Dictionary<string, IReadOnlyList<PlayerId>> { ["team"] = [ben, cat], ["other"] = [dan] };
        Assert.That(ServedManifest.AudienceOf(grants[0], grants, active, realms, 1), Is.EquivalentTo(new[] { ben.ToString(), cat.ToString() }), "cat is in ben's realm; dan is not");
        Assert.That(ServedManifest.AudienceOf(grants[2], grants, active, realms, 1), Is.EqualTo(new[] { dan.ToString() }));
        active.Remove(cat);
        Assert.That(ServedManifest.AudienceOf(grants[0], grants, active, realms, 1), Is.EqualTo(new[] { ben.ToString() }), "a removed peer is no audience");
    }

    [Test]
    public void RealmViews_NestEachArtifactUnderItsStewardsPeerName_WhateverItsKey()
    {
        var self = Player(20);
        // mallory's id sorts before ann's: under "first claimant wins" she would take plan.md.
        var (x, y) = (Player(0x7f), Player(0x01));
        var (mallory, ann) = string.CompareOrdinal(x.ToString(), y.ToString()) < 0 ? (x, y) : (y, x);
        var peers = new[] { new PeerRecord("ann", ann, "h", 1, 1, 0), new PeerRecord("mallory", mallory, "h", 1, 1, 0) };
        var audience = new[] { self, ann, mallory };
        ReceivedEntry Entry(PlayerId steward, string text) =>
            new(steward, "g" + steward.ToString()[..4], "plan.md", false, text.Length, Blake3.Hash(Encoding.UTF8.GetBytes(text)), 1, AccessMode.Revocable, 0, steward, [], audience, false);
        using var store = ContentBlocks.InMemory();
        var snapshot = ViewSnapshot.Build(new ViewSources(self, peers, [Entry(mallory, "fake"), Entry(ann, "real")],
            new Dictionary<string, IReadOnlyList<PlayerId>> { ["team"] = [ann, mallory] }, [], _ => store, store, 2));
        var tree = snapshot.Tree(ShareScope.Realm, "team")!;
        Assert.That(tree.Nodes[""].Children, Is.EquivalentTo(new[] { "ann", "mallory" }));
        Assert.That(tree.Nodes["ann/plan.md"].Entry.Steward, Is.EqualTo(ann));
        Assert.That(tree.Nodes["mallory/plan.md"].Entry.Steward, Is.EqualTo(mallory));
        Assert.That(() => SharingAdmin.AddPeer(null!, self, ViewSnapshot.SelfFolder, new Security.Invite(ann, "h", 1), 1),
            Throws.TypeOf<SharingException>().With.Message.Contains("cannot be a peer name"), "no peer can take the folder of our own shares");
    }

    [Test]
    public void AGrantLargerThanAManifestCarries_IsCut_AndTheCutIsRecorded()
    {
        using var vault = Vault.Create(Path.Combine(_root, "v"), blockSize: 4096);
        var folder = vault.Tree.CreateTree(vault.Tree.Root, "many", TreeType.Collection, 0x1ED, 0, 0)!;
        foreach (var name in new[] { "a", "b", "c" }) vault.Tree.CreateFile(folder, name, vault.Content.Build(Encoding.UTF8.GetBytes(name), durable: false), 0x1A4, 0, 0);
        vault.Tree.Flush();
        var whole = OwnedTree.Collect(vault, folder, "many", "many", maxEntries: 4);
        var cut = OwnedTree.Collect(vault, folder, "many", "many", maxEntries: 3);
        Assert.That((whole.Entries.Count, whole.Cut), Is.EqualTo((4, false)));
        Assert.That((cut.Entries.Count, cut.Cut), Is.EqualTo((3, true)));

        using var db = SharingDatabase.Open(vault.Directory!);
        db.AddPeer("bob", Player(1), "127.0.0.1", 1, 1);
        var grant = db.AddGrant(folder.Inode, "many", Player(1), AccessMode.Revocable, 0, 1);
        db.SetGrantCut(grant.Id, true);
        Assert.That(db.FindGrant(grant.Id)!.Cut, Is.True);
    }

    [Test]
    public void AManifest_IsReusedWhileNothingChanges_AndRebuiltWhenTheVaultDoes()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        alice.Write("cached.txt", Encoding.UTF8.GetBytes("one"));
        alice.Sharing.Share("cached.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "cached.txt") is not null, "the file to sync");
        alice.Vault.Tree.Flush();
        IPeerHost host = alice.Sharing;
        // A manifest built after the last write landed (one cached earlier may predate it and be rebuilt once).
        PastShortestReuse();
        var first = host.ManifestFor(bob.Vault.Player);
        PastShortestReuse();
        Assert.That(host.ManifestFor(bob.Vault.Player), Is.SameAs(first), "an unchanged vault is not read again");
        alice.Write("cached.txt", Encoding.UTF8.GetBytes("two"));
        Wait.Until(() => host.ManifestFor(bob.Vault.Player).ETag != first.ETag, "an edit to rebuild the manifest");
        alice.Sharing.Recall("cached.txt", "bob");
        Assert.That(host.ManifestFor(bob.Vault.Player).Grants, Is.Empty, "a recall is served at once");
    }

    /// <summary>Waits out the shortest time a manifest is reused whatever changed (SharingService.ManifestMinAgeMs).</summary>
    private static void PastShortestReuse()
    {
        var since = Environment.TickCount64;
        Wait.Until(() => Environment.TickCount64 - since > 1000, "a manifest to outlive its shortest reuse");
    }

    private static PlayerId Player(byte seed) => new(Blake3.Hash([seed]));

    private static GrantRecord Grant(string id, long node, PlayerId peer) => new(id, node, "p", peer, AccessMode.Revocable, 0, 0, 0, 0, 0, false);
}
