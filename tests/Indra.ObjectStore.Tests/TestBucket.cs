using Indra.Hashing;
using Indra.Storage.Blocks.ObjectStore;

namespace Indra.ObjectStore.Tests;

/// <summary>The test bucket under one prefix, seen directly (not through a vault): list, corrupt and delete objects.</summary>
internal sealed class TestBucket : IDisposable
{
    private readonly S3Bucket _bucket;

    /// <summary>Connects to the run's bucket under <paramref name="prefix"/> with the run's credentials.</summary>
    internal TestBucket(string prefix) => _bucket = new S3Bucket(S3Location.Parse($"s3://{Ceph.Cluster.Bucket}/{prefix}", Ceph.Cluster.Endpoint));

    internal S3Location Location => _bucket.Location;

    /// <summary>The blocks stored under the prefix (the object names parsed as hashes).</summary>
    internal HashSet<Blake3Hash> Blocks() =>
        _bucket.List(Location.BlocksPrefix).Select(o => Location.TryParseBlockKey(o.Key, out var h) ? h : throw new AssertionException($"{o.Key} is not a block key")).ToHashSet();

    /// <summary>Every key under the prefix.</summary>
    internal List<string> Keys() => _bucket.List(Location.Url == $"s3://{Location.Bucket}" ? "" : Location.Prefix + "/").Select(o => o.Key).ToList();

    /// <summary>The object's bytes, or null.</summary>
    internal byte[]? Get(string key) => _bucket.Get(key);

    /// <summary>Replaces block <paramref name="hash"/>'s object by the same bytes with one bit flipped in the middle.</summary>
    internal void Corrupt(Blake3Hash hash)
    {
        var key = Location.BlockKey(hash);
        var bytes = _bucket.Get(key) ?? throw new AssertionException($"no object {key} to corrupt");
        bytes[bytes.Length / 2] ^= 0x10;
        _bucket.Put(key, bytes);
    }

    /// <summary>Deletes block <paramref name="hash"/>'s object.</summary>
    internal void Delete(Blake3Hash hash) => _bucket.Delete(Location.BlockKey(hash));

    internal S3Bucket Raw => _bucket;

    public void Dispose() => _bucket.Dispose();
}
