using System.Collections.Concurrent;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;

namespace Indra.Sharing.Tests;

/// <summary>
/// Received blocks with two real sharing services: an older vault's shared block store moves to the peers' folders,
/// and a view never names content that is gone while the owner edits and another grant keeps failing.
/// </summary>
[TestFixture]
public sealed class ReceivedBlocksTests
{
    [Test]
    public void AnOlderVaultsSharedBlockStoreMovesToThePeerThatSentEachBlock()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        var data = Bytes(10_000, 1);
        alice.Write("legacy.bin", data);
        alice.Sharing.Share("legacy.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => SharedFileReads.ReadAll(bob.Sharing, ShareScope.Peer, "alice", "legacy.bin") is { } got && got.AsSpan().SequenceEqual(data), "legacy.bin to reach bob");
        bob.Stop();

        // Lay bob's received blocks out as vaults before per-peer folders kept them: blocks/ab/HASH, plus a block no
        // entry names and a stale staging file.
        var root = Path.Combine(bob.Directory, "sharing", "blocks");
        var aliceFolder = Path.Combine(root, alice.Vault.Player.ToString());
        var received = BlockFiles(aliceFolder);
        Assert.That(received, Has.Count.EqualTo(3), "10,000 bytes in 4 KiB blocks");
        foreach (var file in received)
        {
            var name = Path.GetFileName(file);
            Directory.CreateDirectory(Path.Combine(root, name[..2]));
            File.Move(file, Path.Combine(root, name[..2], name));
        }
        Directory.Delete(aliceFolder, recursive: true);
        var orphan = Bytes(500, 2);
        var orphanName = Blake3.Hash(orphan).ToString();
        Directory.CreateDirectory(Path.Combine(root, orphanName[..2]));
        File.WriteAllBytes(Path.Combine(root, orphanName[..2], orphanName), orphan);
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        File.WriteAllBytes(Path.Combine(root, "tmp", "stale"), [1, 2, 3]);

        bob.Start();

        Assert.That(SharedFileReads.ReadAll(bob.Sharing, ShareScope.Peer, "alice", "legacy.bin"), Is.EqualTo(data), "readable at once, from the moved blocks");
        Assert.That(Directory.EnumerateDirectories(root).Select(Path.GetFileName), Is.EqualTo(new[] { alice.Vault.Player.ToString() }),
            "only alice's folder is left: the old fan-out folders and staging are gone");
        Assert.That(BlockFiles(aliceFolder).Select(Path.GetFileName),
            Is.EquivalentTo(received.Select(Path.GetFileName)), "alice's three blocks, and not the block nothing names");
        Assert.That(bob.LogText(), Does.Contain("moved 3 received blocks").And.Contain("dropped 1"));
    }

    [Test]
    public void AViewNeverNamesCollectedContentWhileTheOwnerEditsAndAnotherGrantFails()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        // Versions of one size, each one block: a read through the view returns a whole version or fails.
        var versions = Enumerable.Range(0, 12).Select(i => Bytes(3000, 100 + i)).ToList();
        alice.Write("doc.bin", versions[0]);
        alice.Sharing.Share("doc.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "doc.bin")?.ArtifactId == new ArtifactId(Blake3.Hash(versions[0])), "doc.bin to reach bob");

        // A second grant whose only block alice cannot serve any more: bob's fetch of it fails every round.
        var broken = Bytes(700, 3);
        var brokenBlock = new BlockHash(Blake3.Hash(broken));
        alice.Write("broken.bin", broken);
        // A small block is kept in the vault database, queued until its row commits: delete it once the row is there.
        Wait.Until(() =>
        {
            alice.Vault.ContentBlocks.Delete(brokenBlock);
            return !alice.Vault.ContentBlocks.Contains(brokenBlock);
        }, "broken.bin's block to be deleted");
        alice.Sharing.Share("broken.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.PeersJson().Contains("\"name\": \"broken.bin\"", StringComparison.Ordinal), "bob's fetch of broken.bin to fail (a failed offer in peers.json)");

        var failures = new ConcurrentQueue<string>();
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var got = SharedFileReads.ReadAll(bob.Sharing, ShareScope.Peer, "alice", "doc.bin");
                    if (got is null) failures.Enqueue("doc.bin was absent");
                    else if (!versions.Any(v => v.AsSpan().SequenceEqual(got))) failures.Enqueue($"{got.Length} bytes that are no version");
                }
                catch (IOException e)
                {
                    failures.Enqueue(e.Message);
                }
                Interlocked.Increment(ref reads);
            }
        });
        try
        {
            foreach (var version in versions.Skip(1))
            {
                alice.Write("doc.bin", version);
                var id = new ArtifactId(Blake3.Hash(version));
                Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "doc.bin")?.ArtifactId == id, "the edit to reach bob's view while broken.bin keeps failing");
            }
        }
        finally
        {
            stop.Cancel();
            reader.Wait();
            foreach (var failure in failures.Take(5)) TestContext.Out.WriteLine($"read failure: {failure}");
        }

        Assert.That(failures, Is.Empty);
        Assert.That(reads, Is.GreaterThan(versions.Count));
        Assert.That(SharedFileReads.ReadAll(bob.Sharing, ShareScope.Peer, "alice", "doc.bin"), Is.EqualTo(versions[^1]));
        Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", "broken.bin"), Is.Null);
        Assert.That(bob.Sharing.PeersJson(), Does.Contain("404"), "broken.bin still failed at the end");
        var fromAlice = Path.Combine(bob.Directory, "sharing", "blocks", alice.Vault.Player.ToString());
        Wait.Until(() => BlockFiles(fromAlice).Count == 1, "the old versions' blocks to be collected");
    }

    /// <summary>The block files of a block store folder (not its staging folder).</summary>
    private static List<string> BlockFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp").ToList();

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
