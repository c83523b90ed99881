using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;

namespace Indra.Storage.Tests;

public sealed class FileBlockStoreTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-blocks-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void BlocksRoundTripAndAreNamedByTheirHash()
    {
        using var store = new FileBlockStore(_dir);
        var data = RandomNumberGenerator.GetBytes(70_000);
        var hash = Blake3.Hash(data);
        Assert.That(store.Put(hash, data, durable: true), Is.True);
        Assert.That(store.Put(hash, data, durable: false), Is.False, "stored once");
        Assert.That(Blake3.HashFile(store.PathOf(hash)), Is.EqualTo(hash), "b3sum of the block file is its name");
        var part = new byte[1000];
        Assert.That(store.Read(hash, 69_500, part), Is.EqualTo(500));
        Assert.That(part[..500], Is.EqualTo(data[69_500..]));
        Assert.That(store.SizeOf(hash), Is.EqualTo(70_000));
        Assert.That(store.Enumerate(), Is.EqualTo(new[] { hash }));
        Assert.That(Directory.EnumerateFiles(Path.Combine(_dir, "tmp")), Is.Empty, "no temporary file left");
        store.Delete(hash);
        Assert.That(store.Contains(hash), Is.False);
        Assert.Throws<BlockMissingException>(() => store.Read(hash, 0, part));
    }
}
