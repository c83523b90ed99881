using System.Security.Cryptography;
using System.Text.Json;
using Indra.Hashing;

namespace Indra.ObjectStore.Tests.Functional;

/// <summary>
/// <c>indra fsck</c> and <c>indra gc</c> on a vault whose blocks are in RGW: fsck lists the bucket and checks the
/// objects themselves (not their intact cached copies), gc deletes objects nothing references and never a block that
/// waits in the upload queue.
/// </summary>
public sealed class FsckGcTests
{
    [Test]
    public void Fsck_checks_the_objects_in_the_bucket_not_their_cached_copies()
    {
        using var vault = new ObjectVault("fsck");
        using var bucket = new TestBucket(vault.Prefix);
        var blocksOfA = vault.WriteUploaded("a.bin", RandomNumberGenerator.GetBytes(2 << 20), bucket);
        var blockOfB = vault.WriteUploaded("b.bin", RandomNumberGenerator.GetBytes(100_000), bucket).Single();
        vault.Unmount();

        var clean = Fsck(vault, expectedExit: 0);
        Assert.That(clean.GetProperty("object_store").GetProperty("objects").GetInt64(), Is.EqualTo(blocksOfA.Count + 1));
        Assert.That(clean.GetProperty("object_store").GetProperty("location").GetString(), Is.EqualTo(vault.Url));

        // The cache keeps intact copies of all three blocks; the bucket gets a corrupt one, loses one and gains a stranger.
        var corrupt = blocksOfA.First();
        bucket.Corrupt(corrupt);
        bucket.Delete(blockOfB);
        var stranger = PutUnreferenced(bucket);
        var report = Fsck(vault, expectedExit: 1);
        var store = report.GetProperty("object_store");
        Assert.That(store.GetProperty("missing").GetInt32(), Is.EqualTo(1));
        Assert.That(store.GetProperty("corrupt").GetInt32(), Is.EqualTo(1));
        Assert.That(store.GetProperty("unreferenced").GetInt32(), Is.EqualTo(1));
        var problems = report.GetProperty("problems").EnumerateArray().Select(p => (Kind: p.GetProperty("kind").GetString(), Text: p.GetProperty("description").GetString()!)).ToList();
        Assert.That(problems.Single(p => p.Kind == "CorruptBlock").Text, Does.Contain(corrupt.ToString()).And.Contain("vault/a.bin"));
        Assert.That(problems.Single(p => p.Kind == "MissingBlock").Text, Does.Contain(blockOfB.ToString()).And.Contain("vault/b.bin"));
        Assert.That(problems.Single(p => p.Kind == "OrphanBlock").Text, Does.Contain(stranger.ToString()));
        var text = vault.Cli("fsck");
        Assert.That(text.Stdout, Does.Contain($"{vault.Url}: {blocksOfA.Count + 1} objects").And.Contain("1 missing, 1 corrupt, 1 unreferenced"));

        // gc deletes the stranger and nothing else.
        var gc = JsonDocument.Parse(vault.Cli("gc", "--json").Ok().Stdout).RootElement;
        Assert.That(gc.GetProperty("blocks_removed").GetInt64(), Is.EqualTo(1));
        Assert.That(bucket.Blocks(), Is.EquivalentTo(blocksOfA), "the stranger is gone; the referenced objects stay");
    }

    [Test]
    public void Gc_deletes_an_unreferenced_object_and_never_a_block_waiting_for_upload()
    {
        using var vault = new ObjectVault("gc");
        using var bucket = new TestBucket(vault.Prefix);
        var stranger = PutUnreferenced(bucket);
        var source = Path.Combine(vault.Root, "queued.bin");
        File.WriteAllBytes(source, RandomNumberGenerator.GetBytes(12 << 20));
        Ceph.Cluster.StopGateway();
        try
        {
            Shell.Run("cp", [source, Path.Combine(vault.Vault, "queued.bin")]).Ok();
            Wait.Until(() => vault.StoredBlocks().Count == 12, "the file's 12 blocks committed to the metadata");
            Wait.Until(() => vault.CacheStatus() is { QueuedBlocks: 12 }, "12 blocks in the upload queue");
            vault.Unmount();
        }
        finally
        {
            Ceph.Cluster.StartGateway();
        }
        Assert.That(bucket.Blocks(), Is.EquivalentTo(new[] { stranger }), "only the stranger is in the bucket before gc");
        // gc opens the vault, so the queued uploads start while it lists the bucket: none of them may be deleted.
        var gc = JsonDocument.Parse(vault.Cli("gc", "--json").Ok().Stdout).RootElement;
        Assert.That(gc.GetProperty("blocks_removed").GetInt64(), Is.EqualTo(1));
        Assert.That(bucket.Blocks(), Does.Not.Contain(stranger));
        Assert.That(vault.CacheStatus()!.QueuedBlocks + bucket.Blocks().Count, Is.GreaterThanOrEqualTo(12), "every block is queued or uploaded");
        var since = DateTimeOffset.UtcNow;
        vault.Mount();
        vault.WaitUploaded(since, bucket, TimeSpan.FromMinutes(2));
        Assert.That(bucket.Blocks(), Is.EquivalentTo(vault.StoredBlocks()));
        vault.Unmount();
        vault.WipeCache();
        vault.Mount();
        Shell.Run("cmp", [source, Path.Combine(vault.Vault, "queued.bin")]).Ok();
        vault.Unmount();
        Assert.That(vault.Cli("fsck").Ok().Stdout, Does.Contain("0 problems"));
    }

    /// <summary>Puts a block-sized object under the vault's prefix, named as a block (its own hash), that no file uses.</summary>
    private static Blake3Hash PutUnreferenced(TestBucket bucket)
    {
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var hash = Blake3.Hash(bytes);
        bucket.Raw.Put(bucket.Location.BlockKey(hash), bytes);
        return hash;
    }

    /// <summary>Runs <c>indra fsck --json</c>, checks its exit code and returns its document.</summary>
    private static JsonElement Fsck(ObjectVault vault, int expectedExit)
    {
        var result = vault.Cli("fsck", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(expectedExit), result.Stdout + result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }
}
