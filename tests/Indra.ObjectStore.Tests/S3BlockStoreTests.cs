using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Blocks.ObjectStore;

namespace Indra.ObjectStore.Tests;

/// <summary>The S3 block store against the run's RGW, without a vault: keys, idempotent puts, reads, listing, checks.</summary>
public sealed class S3BlockStoreTests
{
    private const int BlockSize = 1 << 20;

    private static S3BlockStore Store(string prefix) => new(new S3Bucket(S3Location.Parse($"s3://{Ceph.Cluster.Bucket}/{prefix}", Ceph.Cluster.Endpoint)), BlockSize);

    private static string NewPrefix() => "store-" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public void Blocks_are_stored_once_under_sharded_keys_and_read_back_in_pieces()
    {
        var prefix = NewPrefix();
        using var store = Store(prefix);
        using var bucket = new TestBucket(prefix);
        var blocks = new[] { 20_000, 1 << 20, 100_001 }.Select(RandomNumberGenerator.GetBytes).ToDictionary(b => Blake3.Hash(b));
        foreach (var (hash, bytes) in blocks) Assert.That(store.Put(hash, bytes, durable: true), Is.True);
        foreach (var (hash, bytes) in blocks) Assert.That(store.Put(hash, bytes, durable: true), Is.False, "a stored block is not sent again");

        var hex = blocks.Keys.First().ToString();
        Assert.That(bucket.Keys(), Does.Contain($"{prefix}/blocks/{hex[..2]}/{hex[2..4]}/{hex}"));
        Assert.That(bucket.Keys(), Has.Count.EqualTo(3));

        // Another process (a fresh store) reads them in 4 KiB pieces from arbitrary offsets.
        using var reader = Store(prefix);
        foreach (var (hash, bytes) in blocks)
        {
            Assert.That(reader.Contains(hash), Is.True);
            Assert.That(reader.SizeOf(hash), Is.EqualTo(bytes.Length));
            var copy = new byte[bytes.Length];
            for (var offset = 0; offset < bytes.Length; offset += 4096) reader.Read(hash, offset, copy.AsSpan(offset, Math.Min(4096, bytes.Length - offset)));
            Assert.That(copy, Is.EqualTo(bytes));
            var tail = new byte[100];
            Assert.That(reader.Read(hash, bytes.Length - 10, tail), Is.EqualTo(10), "a read past the end is short");
        }
        Assert.That(reader.Enumerate().ToHashSet(), Is.EquivalentTo(blocks.Keys));

        var gone = blocks.Keys.First();
        reader.Delete(gone);
        Assert.That(reader.Contains(gone), Is.False);
        Assert.That(() => reader.Read(gone, 0, new byte[10]), Throws.TypeOf<BlockMissingException>());
        Assert.That(reader.SizeOf(gone), Is.EqualTo(-1));
    }

    [Test]
    public void Listing_pages_through_more_than_a_thousand_objects()
    {
        var prefix = NewPrefix();
        using var store = Store(prefix);
        var hashes = new System.Collections.Concurrent.ConcurrentBag<Blake3Hash>();
        Parallel.For(0, 1_003, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var bytes = BitConverter.GetBytes(i);
            var hash = Blake3.Hash(bytes);
            store.Put(hash, bytes, durable: false);
            hashes.Add(hash);
        });
        Assert.That(store.Enumerate().ToList(), Is.EquivalentTo(hashes));
    }

    [Test]
    public void A_changed_object_is_refused_whether_named_by_its_hash_or_by_position()
    {
        var prefix = NewPrefix();
        using var bucket = new TestBucket(prefix);
        var plain = RandomNumberGenerator.GetBytes(200_000);
        var plainHash = Blake3.Hash(plain);
        // A block named by its chaining value at its position: the name is not the plain hash of its bytes.
        var positional = RandomNumberGenerator.GetBytes(BlockSize);
        var positionalName = Blake3.Hash(RandomNumberGenerator.GetBytes(32));
        using var writer = Store(prefix);
        writer.Put(plainHash, plain, durable: true);
        writer.Put(positionalName, positional, durable: true);
        bucket.Corrupt(plainHash);
        bucket.Corrupt(positionalName);

        // A block not of the full block size must hash to its name: refused by any store.
        using var reader = Store(prefix);
        Assert.That(() => reader.Read(plainHash, 0, new byte[10]), Throws.TypeOf<ObjectCorruptException>().With.Message.Contains(plainHash.ToString()));
        // The writer knows what the positional block hashed to when it stored it.
        Assert.That(() => writer.Read(positionalName, 0, new byte[10]), Throws.TypeOf<ObjectCorruptException>());
    }

    [Test]
    public void An_unreachable_store_fails_after_bounded_retries_and_serves_again_when_back()
    {
        var prefix = NewPrefix();
        using var store = Store(prefix);
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var hash = Blake3.Hash(bytes);
        Ceph.Cluster.StopGateway();
        try
        {
            var started = DateTime.UtcNow;
            Assert.That(() => store.Put(hash, bytes, durable: true), Throws.InstanceOf<ObjectStoreException>().With.Message.Contains("after 6 attempts"));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(60)), "retries end");
        }
        finally
        {
            Ceph.Cluster.StartGateway();
        }
        Assert.That(store.Put(hash, bytes, durable: true), Is.True);
        var copy = new byte[bytes.Length];
        Assert.That(store.Read(hash, 0, copy), Is.EqualTo(bytes.Length));
        Assert.That(copy, Is.EqualTo(bytes));
    }

    [Test]
    public void Credentials_come_from_a_named_profile_in_the_shared_credentials_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"indra-credentials-{Guid.NewGuid():N}");
        File.WriteAllText(file, $"[default]\naws_access_key_id = WRONG\naws_secret_access_key = wrong\n\n[ceph]\naws_access_key_id = {Ceph.Cluster.AccessKey}\naws_secret_access_key = {Ceph.Cluster.SecretKey}\n");
        var saved = new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SHARED_CREDENTIALS_FILE" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", file);
            using (var named = new S3Bucket(S3Location.Parse($"s3://{Ceph.Cluster.Bucket}/{NewPrefix()}", Ceph.Cluster.Endpoint, profile: "ceph")))
            {
                Assert.That(named.CredentialSource, Is.EqualTo($"profile 'ceph' in {file}"));
                named.CheckAccess();
            }
            using var fallback = new S3Bucket(S3Location.Parse($"s3://{Ceph.Cluster.Bucket}/{NewPrefix()}", Ceph.Cluster.Endpoint));
            Assert.That(fallback.CredentialSource, Does.StartWith("profile 'default'"));
            Assert.That(fallback.CheckAccess, Throws.TypeOf<ObjectStoreAccessException>().With.Message.Contains("InvalidAccessKeyId"));
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
            File.Delete(file);
        }
    }

    [Test]
    public void Wrong_credentials_are_refused_in_one_line_naming_where_they_came_from()
    {
        var location = S3Location.Parse($"s3://{Ceph.Cluster.Bucket}/{NewPrefix()}", Ceph.Cluster.Endpoint);
        var saved = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        try
        {
            using var bucket = new S3Bucket(location);
            var error = Assert.Throws<ObjectStoreAccessException>(bucket.CheckAccess)!;
            Assert.That(error.Message, Does.Contain("SignatureDoesNotMatch").And.Contain("AWS_ACCESS_KEY_ID").And.Not.Contain("not-the-secret").And.Not.Contain("\n"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", saved);
        }
    }
}
