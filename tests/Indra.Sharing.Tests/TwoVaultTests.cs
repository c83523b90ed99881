using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;

namespace Indra.Sharing.Tests;

/// <summary>Two vaults with real Kestrel, real TLS 1.3 and real SQLite files, paired over 127.0.0.1.</summary>
[TestFixture]
public sealed class TwoVaultTests
{
    private PairedVaults _vaults = null!;
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;

    [SetUp]
    public void SetUp()
    {
        _vaults = new PairedVaults();
        (_alice, _bob) = (_vaults.Alice, _vaults.Bob);
    }

    [TearDown]
    public void TearDown() => _vaults.Dispose();

    [Test]
    public void PairedPeers_SeeEachOtherAsPeerFolders()
    {
        Assert.That(_bob.Sharing.Names(ShareScope.Peer), Is.EqualTo(new[] { "alice" }));
        Assert.That(_alice.Sharing.Names(ShareScope.Peer), Is.EqualTo(new[] { "bob" }));
        Assert.That(_alice.Sharing.Invite.PlayerId, Is.EqualTo(_alice.Vault.Player));
    }

    [Test]
    public void SharedFileAndFolder_PeerReadsIdenticalBytesWithEqualIds()
    {
        var note = Encoding.UTF8.GetBytes("hello bob\n");
        var big = RandomBytes(50_000, 1);
        var noteId = _alice.Write("notes/hello.md", note);
        var bigId = _alice.Write("project/data.bin", big);
        _alice.Write("project/sub/readme.txt", Encoding.UTF8.GetBytes("inside"));
        _alice.Sharing.Share("notes/hello.md", "bob", AccessMode.Revocable);
        _alice.Sharing.Share("project", "bob", AccessMode.Permanent);

        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "project/sub/readme.txt") is not null, "the folder to sync");
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "hello.md") is not null, "the file to sync");
        var entry = _bob.Sharing.Get(ShareScope.Peer, "alice", "hello.md")!;
        Assert.Multiple(() =>
        {
            Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "hello.md"), Is.EqualTo(note));
            Assert.That(entry.ArtifactId, Is.EqualTo(noteId));
            Assert.That(entry.ArtifactId, Is.EqualTo(new ArtifactId(Blake3.Hash(note))));
            Assert.That(entry.AccessMode, Is.EqualTo("Revocable"));
            Assert.That(entry.Steward, Is.EqualTo(_alice.Vault.Player));
            Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "project/data.bin"), Is.EqualTo(big));
            Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "project/data.bin")!.ArtifactId, Is.EqualTo(bigId));
            Assert.That(_bob.Sharing.List(ShareScope.Peer, "alice", "").Select(e => e.Name), Is.EquivalentTo(new[] { "hello.md", "project" }));
            Assert.That(_bob.Sharing.List(ShareScope.Peer, "alice", "project").Select(e => e.Name), Is.EqualTo(new[] { "data.bin", "sub" }));
            Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "project")!.IsDirectory, Is.True);
            Assert.That(_alice.Sharing.List(ShareScope.Peer, "bob", ""), Is.Empty, "nothing flows the other way");
        });
    }

    [Test]
    public void SparseFile_ReachesThePeerWithItsHolesAsZeros()
    {
        // 40 blocks of 4 KiB with blocks 5..29 punched out, then grown by a hole to 50 blocks and 7 bytes.
        var data = RandomBytes(40 * 4096, 7);
        _alice.Write("sparse.bin", data);
        Assert.That(_alice.Fs.Lookup(ReservedInodes.Vault, "sparse.bin", out var file), Is.EqualTo(Errno.None));
        Assert.That(_alice.Fs.Open(file.Inode, OpenFlags.ReadWrite, CallerContext.Self, out var open), Is.EqualTo(Errno.None));
        Assert.That(_alice.Fs.Allocate(file.Inode, open.Handle, FallocateModes.PunchHole | FallocateModes.KeepSize, 5 * 4096, 25 * 4096), Is.EqualTo(Errno.None));
        var change = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = (50 * 4096) + 7 };
        Assert.That(_alice.Fs.SetAttributes(file.Inode, change, open.Handle, CallerContext.Self, out _), Is.EqualTo(Errno.None));
        Assert.That(_alice.Fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(_alice.Fs.GetExtendedAttribute(file.Inode, "user.indra.id", out var idBytes), Is.EqualTo(Errno.None));
        _alice.Fs.Forget(file.Inode, 1);
        var expected = new byte[(50 * 4096) + 7];
        data.CopyTo(expected, 0);
        expected.AsSpan(5 * 4096, 25 * 4096).Clear();
        Assert.That(Encoding.ASCII.GetString(idBytes), Is.EqualTo(Blake3.Hash(expected).ToString()), "alice's id hashes the holes");

        _alice.Sharing.Share("sparse.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "sparse.bin") is not null, "the sparse file to sync");
        Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "sparse.bin"), Is.EqualTo(expected));
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "sparse.bin")!.ArtifactId, Is.EqualTo(new ArtifactId(Blake3.Hash(expected))));
    }

    [Test]
    public void SpecialFiles_AreNotShared_AloneOrInsideASharedFolder()
    {
        _alice.Write("mixed/file.txt", Encoding.UTF8.GetBytes("kept"));
        Assert.That(_alice.Fs.Lookup(ReservedInodes.Vault, "mixed", out var folder), Is.EqualTo(Errno.None));
        Assert.That(_alice.Fs.MakeNode(folder.Inode, "pipe", FileModes.Fifo | 0x1A4, 0, CallerContext.Self, out var pipe), Is.EqualTo(Errno.None));
        Assert.That(_alice.Fs.MakeNode(folder.Inode, "null", FileModes.CharacterDevice | 0x1A4, 0x103, CallerContext.Self, out var device), Is.EqualTo(Errno.None));
        foreach (var inode in new[] { folder.Inode, pipe.Inode, device.Inode }) _alice.Fs.Forget(inode, 1);

        Assert.That(() => _alice.Sharing.Share("mixed/pipe", "bob", AccessMode.Revocable),
            Throws.TypeOf<SharingException>().With.Message.Contains("special file"));
        _alice.Sharing.Share("mixed", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "mixed/file.txt") is not null, "the folder to sync");
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "mixed/pipe"), Is.Null);
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "mixed/null"), Is.Null);
    }

    [Test]
    public void OwnerEdit_ReachesThePeer_WithChangeEventAndFeed()
    {
        _alice.Write("doc.txt", Encoding.UTF8.GetBytes("version 1"));
        _alice.Sharing.Share("doc.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "doc.txt") is not null, "the file to sync");
        var changes = new List<string>();
        _bob.Sharing.Changed += (scope, name, path) => { lock (changes) changes.Add($"{scope}:{name}:{path}"); };

        var edited = Encoding.UTF8.GetBytes("version 2, longer");
        var started = DateTime.UtcNow;
        var newId = _alice.Write("doc.txt", edited);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "doc.txt")?.ArtifactId == newId, "the edit to reach bob", TimeSpan.FromSeconds(5));
        TestContext.Out.WriteLine($"edit visible after {(DateTime.UtcNow - started).TotalMilliseconds:0} ms");
        Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "doc.txt"), Is.EqualTo(edited));
        lock (changes) Assert.That(changes, Does.Contain("Peer:alice:doc.txt"));
        Assert.That(_bob.Sharing.ChangesText(), Does.Contain("\"change\":\"updated\"").And.Contain("\"path\":\"doc.txt\""));
        Assert.That(File.ReadAllText(Path.Combine(_bob.Directory, "sharing", "changes.jsonl")), Does.Contain(newId.ToString()));
    }

    [Test]
    public void RecallOfRevocableGrant_RemovesIt()
    {
        _alice.Write("r.txt", Encoding.UTF8.GetBytes("revocable"));
        _alice.Sharing.Share("r.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "r.txt") is not null, "the file to sync");
        Assert.That(_alice.Sharing.Recall("r.txt", "bob"), Is.EqualTo(1));
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "r.txt") is null, "the recalled file to disappear");
        Assert.That(_bob.Sharing.Read(ShareScope.Peer, "alice", "r.txt", 0, new byte[16]), Is.EqualTo(-1));
        // Blocks are collected right after the views moved on; temporary files of a store (a "tmp" folder) are not blocks.
        var blocks = Path.Combine(_bob.Directory, "sharing", "blocks");
        IEnumerable<string> Stored() => Directory.EnumerateFiles(blocks, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(blocks, f).Split('/').Contains("tmp"));
        Wait.Until(() => !Stored().Any(), "its blocks to be deleted too: " + string.Join(", ", Stored().Take(3)));
    }

    [Test]
    public void RecallOfPermanentGrant_KeepsIt()
    {
        var data = Encoding.UTF8.GetBytes("permanent");
        _alice.Write("p.txt", data);
        _alice.Sharing.Share("p.txt", "bob", AccessMode.Permanent);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "p.txt") is not null, "the file to sync");
        _alice.Sharing.Recall("p.txt", "bob");
        _alice.Write("other.txt", Encoding.UTF8.GetBytes("x"));
        _alice.Sharing.Share("other.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "other.txt") is not null, "a later manifest to arrive");
        Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "p.txt"), Is.EqualTo(data));
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "p.txt")!.AccessMode, Is.EqualTo("Permanent"));
    }

    [Test]
    public void TimedGrant_DisappearsAtExpiry_WhileTheOwnerIsOffline()
    {
        var data = Encoding.UTF8.GetBytes("for a few seconds");
        _alice.Write("t.txt", data);
        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        _alice.Sharing.Share("t.txt", "bob", AccessMode.Timed, until);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "t.txt") is not null, "the file to sync");
        _alice.Stop();
        Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "t.txt"), Is.EqualTo(data), "readable offline before expiry");
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "t.txt")!.ExpiresNs, Is.GreaterThan(0));
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "t.txt") is null, "expiry", TimeSpan.FromSeconds(10));
        Assert.That(DateTimeOffset.UtcNow, Is.GreaterThanOrEqualTo(until));
        Assert.That(_bob.Sharing.Read(ShareScope.Peer, "alice", "t.txt", 0, new byte[4]), Is.EqualTo(-1));
    }

    [Test]
    public void OfflineOwner_SyncedFilesStayReadable_AndPeersJsonShowsState()
    {
        var data = RandomBytes(20_000, 7);
        _alice.Write("keep.bin", data);
        _alice.Sharing.Share("keep.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "keep.bin") is not null, "the file to sync");
        Wait.Until(() => _bob.Sharing.PeersJson().Contains("\"state\": \"online\"", StringComparison.Ordinal), "alice online");
        _alice.Stop();
        Wait.Until(() => _bob.Sharing.PeersJson().Contains("\"state\": \"unreachable\"", StringComparison.Ordinal), "alice unreachable");
        Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "keep.bin"), Is.EqualTo(data));
        Assert.That(_bob.Sharing.PeersJson(), Does.Contain("\"last_contact\": \"20"));
        _alice.Start();
        Wait.Until(() => _bob.Sharing.PeersJson().Contains("\"state\": \"online\"", StringComparison.Ordinal), "alice back online");
    }

    [Test]
    public void Transfer_RecipientBecomesStewardAndCanWrite_GiverCannot()
    {
        var data = Encoding.UTF8.GetBytes("the deed to the castle");
        var id = _alice.Write("deeds/castle.txt", data);
        _alice.Sharing.Share("deeds/castle.txt", "bob", AccessMode.Transfer);

        Wait.Until(() => _bob.Lookup("inbox/castle.txt") == Errno.None, "the transfer to land in bob's vault");
        Wait.Until(() => _alice.Lookup("deeds/castle.txt") == Errno.ENOENT, "alice to give up her copy");
        Assert.That(_alice.TryAppend("deeds/castle.txt", [1]), Is.EqualTo(Errno.ENOENT), "the giver has nothing writable left");
        Assert.That(_bob.TryAppend("inbox/castle.txt", Encoding.UTF8.GetBytes(" (now bob's)")), Is.EqualTo(Errno.None), "the recipient can write");

        // The giver keeps read access only, through bob's read-only view.
        Wait.Until(() => _alice.Sharing.Get(ShareScope.Peer, "bob", "castle.txt") is { } e && e.ArtifactId != id, "bob's edited copy to show in alice's view");
        var seen = _alice.Sharing.Get(ShareScope.Peer, "bob", "castle.txt")!;
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(SharedFileReads.ReadAll(_alice.Sharing, ShareScope.Peer, "bob", "castle.txt")!), Is.EqualTo("the deed to the castle (now bob's)"));
            Assert.That(seen.Steward, Is.EqualTo(_bob.Vault.Player));
            Assert.That(seen.AccessMode, Is.EqualTo("Revocable"));
            Assert.That(_alice.Sharing.Grants().Single(g => g.Mode == AccessMode.Transfer).CompletedNs, Is.GreaterThan(0));
        });
    }

    [Test]
    public void PeerAttention_CountsDistinctPeers()
    {
        _alice.Write("hot.txt", Encoding.UTF8.GetBytes("read me"));
        _alice.Sharing.Share("hot.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "hot.txt") is not null, "the file to sync");
        SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "hot.txt");
        SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "hot.txt");
        Wait.Until(() => _alice.Sharing.PeerAttention().Any(a => a.Path == "hot.txt"), "bob's attention report");
        var heat = _alice.Sharing.PeerAttention().Single(a => a.Path == "hot.txt");
        Assert.That(heat.DistinctPeers, Is.EqualTo(1));
        Assert.That(heat.Opens, Is.EqualTo(2));
        Assert.That(_alice.Sharing.PeerAttentionJson(), Does.Contain("\"vault/hot.txt\"").And.Contain("\"unique_peers\": 1"));
    }

    internal static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
