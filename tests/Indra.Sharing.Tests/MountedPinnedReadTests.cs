using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Indra.Sharing.Tests;

/// <summary>
/// Through a real FUSE mount: a file under /peers read in many FUSE reads through one open handle returns the bytes of
/// the version it opened, even when the owner's new version reaches the view (and the kernel's page cache is dropped)
/// in the middle; a fresh open reads the new version (close-to-open).
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
        var (alice, bob) = (mounted.Vaults.Alice, mounted.Vaults.Bob);
        var first = TwoVaultTests.RandomBytes(3 << 20, 11);
        var second = TwoVaultTests.RandomBytes(3 << 20, 12);
        var firstId = alice.Write("big.bin", first);
        alice.Sharing.Share("big.bin", "bob", AccessMode.Revocable);
        var peerFile = Path.Combine(mounted.MountPoint, "peers", "alice", "big.bin");
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin")?.ArtifactId == firstId, "the first version in bob's view");

        var read = new byte[first.Length];
        using (var handle = File.OpenHandle(peerFile))
        {
            var offset = ReadPieces(handle, read, 0, 4);
            Assert.That(offset, Is.EqualTo(4 * Piece));

            var secondId = alice.Write("big.bin", second);
            Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin")?.ArtifactId == secondId, "the second version in bob's view");
            Assert.That(new FileInfo(peerFile).Length, Is.EqualTo(second.Length), "attributes show the current version");

            // The rest, slowly: one piece at a time, each a FUSE read of the handle's pinned version.
            offset = ReadPieces(handle, read, offset, int.MaxValue);
            Assert.That(offset, Is.EqualTo(first.Length), "read to the end without an error");
        }
        Assert.That(Blake3.Hash(read), Is.EqualTo(Blake3.Hash(first)), "every byte read through the one open is of the version opened");
        Assert.That(Blake3.Hash(File.ReadAllBytes(peerFile)), Is.EqualTo(Blake3.Hash(second)), "a fresh open reads the new version");
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
