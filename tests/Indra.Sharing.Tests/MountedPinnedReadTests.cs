using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Indra.Sharing.Tests;

/// <summary>
/// Through a real FUSE mount: a file under /peers read in many FUSE reads through one open handle returns the bytes of
/// the version it opened, even when the owner's new version reaches the view (and the kernel's page cache is dropped)
/// in the middle; a fresh open reads the new version (close-to-open), and two opens of two versions of one inode each
/// read their own.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MountedPinnedReadTests
{
    private const int Piece = 64 << 10;

    [Test]
    public void OneOpenReadsOneVersionWhileTheOwnerReplacesIt()
    {
        using var mounted = MountedBob.Start();
        var (first, second) = (TwoVaultTests.RandomBytes(3 << 20, 11), TwoVaultTests.RandomBytes(3 << 20, 12));
        var peerFile = Publish(mounted, first);

        var read = new byte[first.Length];
        using (var handle = File.OpenHandle(peerFile))
        {
            var offset = ReadPieces(handle, read, 0, 4);
            Assert.That(offset, Is.EqualTo(4 * Piece));

            Publish(mounted, second);
            Assert.That(new FileInfo(peerFile).Length, Is.EqualTo(second.Length), "attributes show the current version");

            // The rest, slowly: one piece at a time, each a FUSE read of the handle's pinned version.
            offset = ReadPieces(handle, read, offset, int.MaxValue);
            Assert.That(offset, Is.EqualTo(first.Length), "read to the end without an error");
        }
        Assert.That(Blake3.Hash(read), Is.EqualTo(Blake3.Hash(first)), "every byte read through the one open is of the version opened");
        Assert.That(Blake3.Hash(File.ReadAllBytes(peerFile)), Is.EqualTo(Blake3.Hash(second)), "a fresh open reads the new version");
    }

    [Test]
    public void TwoOpensOfTwoVersionsEachReadTheirOwnThroughOneInode()
    {
        using var mounted = MountedBob.Start();
        var (first, second) = (TwoVaultTests.RandomBytes(3 << 20, 13), TwoVaultTests.RandomBytes(3 << 20, 14));
        var peerFile = Publish(mounted, first);
        using var older = File.OpenHandle(peerFile);
        var (olderRead, newerRead) = (new byte[first.Length], new byte[second.Length]);
        ReadPieces(older, olderRead, 0, 1);
        Publish(mounted, second);

        // Both open on one inode, one page cache: each piece read first through the old open, then through the new.
        using var newer = File.OpenHandle(peerFile);
        for (long offset = 0; offset < first.Length; offset += Piece)
        {
            if (offset > 0) Assert.That(ReadPieces(older, olderRead, offset, 1), Is.EqualTo(offset + Piece));
            Assert.That(ReadPieces(newer, newerRead, offset, 1), Is.EqualTo(offset + Piece));
        }
        Assert.That(Blake3.Hash(olderRead), Is.EqualTo(Blake3.Hash(first)), "the open of the first version read only the first");
        Assert.That(Blake3.Hash(newerRead), Is.EqualTo(Blake3.Hash(second)), "the open of the second version read only the second");
    }

    /// <summary>
    /// Alice writes <paramref name="content"/> to big.bin, shared with bob; returns its path under bob's mount once his
    /// view shows that version.
    /// </summary>
    private static string Publish(MountedBob mounted, byte[] content)
    {
        var (alice, bob) = (mounted.Vaults.Alice, mounted.Vaults.Bob);
        var id = alice.Write("big.bin", content);
        if (bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin") is null) alice.Sharing.Share("big.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin")?.ArtifactId == id, "the version to reach bob's view");
        return Path.Combine(mounted.MountPoint, "peers", "alice", "big.bin");
    }

    /// <summary>Reads up to <paramref name="pieces"/> pieces of 64 KiB from <paramref name="offset"/>; returns the offset reached.</summary>
    private static long ReadPieces(SafeFileHandle handle, byte[] into, long offset, int pieces)
    {
        for (var i = 0; i < pieces && offset < into.Length; i++)
        {
            var n = RandomAccess.Read(handle, into.AsSpan((int)offset, (int)Math.Min(Piece, into.Length - offset)), offset);
            if (n == 0) break;
            offset += n;
        }
        return offset;
    }
}
