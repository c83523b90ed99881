using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;

namespace Indra.Sharing.Tests;

/// <summary>
/// A shared file open through bob's filesystem pins the version it opened: that version's received blocks survive the
/// collections that follow the owner's edit while the handle is open, and are collected once it is released.
/// </summary>
[TestFixture]
public sealed class PinnedVersionTests
{
    [Test]
    public void APinnedVersionsBlocksSurviveCollectionUntilTheHandleCloses()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        bob.Fs.AttachSharedViews(bob.Sharing);
        var fromAlice = Path.Combine(bob.Directory, "sharing", "blocks", alice.Vault.Player.ToString());
        var first = TwoVaultTests.RandomBytes(20_000, 21);
        var firstId = alice.Write("doc.bin", first);
        alice.Sharing.Share("doc.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "doc.bin")?.ArtifactId == firstId, "doc.bin to reach bob");
        var firstBlocks = BlockNames(fromAlice);
        Assert.That(firstBlocks, Has.Count.EqualTo(5), "20,000 bytes in 4 KiB blocks");
        // A second grant, recalled later: its blocks going shows a collection ran after the edit reached bob.
        var decoyId = alice.Write("decoy.bin", TwoVaultTests.RandomBytes(9_000, 22));
        alice.Sharing.Share("decoy.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "decoy.bin")?.ArtifactId == decoyId, "decoy.bin to reach bob");
        var decoyBlocks = BlockNames(fromAlice).Except(firstBlocks).ToList();
        Assert.That(decoyBlocks, Has.Count.EqualTo(3));

        var file = Lookup(bob, "doc.bin");
        Assert.That(bob.Fs.Open(file, OpenFlags.ReadOnly, CallerContext.Self, out var open), Is.EqualTo(Errno.None));
        var read = new byte[first.Length];
        Assert.That(bob.Fs.Read(file, open.Handle, 0, read.AsSpan(0, 4096), out var n), Is.EqualTo(Errno.None));
        Assert.That(n, Is.EqualTo(4096));

        var second = TwoVaultTests.RandomBytes(20_000, 23);
        var secondId = alice.Write("doc.bin", second);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "doc.bin")?.ArtifactId == secondId, "the edit to reach bob's view");
        alice.Sharing.Recall("decoy.bin", "bob");
        Wait.Until(() => !BlockNames(fromAlice).Intersect(decoyBlocks).Any(), "the recalled grant's blocks to be collected");
        Assert.That(BlockNames(fromAlice), Is.SupersetOf(firstBlocks), "the open handle's version survived the collection");

        for (var offset = 4096; offset < read.Length; offset += n)
        {
            Assert.That(bob.Fs.Read(file, open.Handle, offset, read.AsSpan(offset), out n), Is.EqualTo(Errno.None));
            Assert.That(n, Is.GreaterThan(0));
        }
        Assert.That(read, Is.EqualTo(first), "the handle reads the version it opened");
        Assert.That(SharedFileReads.ReadAll(bob.Sharing, ShareScope.Peer, "alice", "doc.bin"), Is.EqualTo(second), "a new open reads the new version");

        Assert.That(bob.Fs.Release(file, open.Handle), Is.EqualTo(Errno.None));
        Wait.Until(() => !BlockNames(fromAlice).Intersect(firstBlocks).Any(), "the old version's blocks to be collected once the handle closed");
        Assert.That(BlockNames(fromAlice), Has.Count.EqualTo(5), "the new version's blocks stay");
        bob.Fs.Forget(file, 1);
    }

    /// <summary>Looks up /peers/alice/NAME in bob's filesystem (the caller forgets the file's inode).</summary>
    private static ulong Lookup(SharingNode bob, string name)
    {
        Assert.That(bob.Fs.Lookup(ReservedInodes.Peers, "alice", out var peer), Is.EqualTo(Errno.None));
        Assert.That(bob.Fs.Lookup(peer.Inode, name, out var file), Is.EqualTo(Errno.None));
        bob.Fs.Forget(peer.Inode, 1);
        return file.Inode;
    }

    /// <summary>The names (block hashes) of the block files in a received-blocks folder, not its staging folder.</summary>
    private static List<string> BlockNames(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp").Select(f => Path.GetFileName(f)).ToList();
}
