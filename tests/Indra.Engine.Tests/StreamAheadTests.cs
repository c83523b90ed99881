using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Vaults;
using Indra.Tests.Shared;

namespace Indra.Engine.Tests;

/// <summary>
/// A streaming reader's request (one that starts at a block's first byte and is at least a readahead's size) starts
/// loading the blocks ahead of it into the page cache, whether or not this process has verified them; a small read
/// in the middle of a block does not. Observed on the block files' pages (fincore), evicted first.
/// </summary>
[TestFixture]
public sealed class StreamAheadTests
{
    private const int BlockSize = 65536;
    private const int Blocks = 12;
    private const uint FileMode = 0x1A4; // 0644

    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        Shell.Require("fincore", "util-linux");
        _directory = Path.Combine(Path.GetTempPath(), "indra-streamahead-" + Guid.NewGuid().ToString("N")[..8]);
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void AWholeBlockReadAtTheStartLoadsTheBlocksAheadEvenWhenVerified()
    {
        using var vault = Vault.Create(_directory, BlockSize);
        var (version, files) = StoreEvicted(vault, "stream");
        var buffer = new byte[BlockSize];
        Assert.That(vault.Content.Read(version, 0, buffer), Is.EqualTo(BlockSize));
        Wait.Until(() => files.Skip(1).All(file => PageCache.Resident(file) == BlockSize), "every block after the first in the page cache");
    }

    [Test]
    public void ASmallReadInsideABlockLoadsNothingFarAhead()
    {
        using var vault = Vault.Create(_directory, BlockSize);
        var (version, files) = StoreEvicted(vault, "random");
        var buffer = new byte[4096];
        Assert.That(vault.Content.Read(version, 3L * BlockSize + 100, buffer), Is.EqualTo(buffer.Length));
        Assert.That(files.Skip(5).Select(PageCache.Resident), Is.All.Zero, "blocks two and more past the one read stay on disk");
    }

    /// <summary>A new file of <see cref="Blocks"/> random blocks, its block files' pages dropped.</summary>
    private (LeafVersion Version, List<string> Files) StoreEvicted(Vault vault, string name)
    {
        var size = Blocks * BlockSize;
        var node = vault.Tree.CreateFile(vault.Tree.Root, name, vault.Content.Build(RandomNumberGenerator.GetBytes(size), durable: true), FileMode, 0, 0)!;
        vault.Tree.Flush();
        var version = vault.Content.Load(node.ArtifactId.Hash, size);
        Assert.That(version.Blocks, Has.Count.EqualTo(Blocks), "one file per block");
        var files = version.Blocks.Select(block => BlockFile(block.Hash.Hash.ToString())).ToList();
        foreach (var file in files) PageCache.Evict(file);
        Assume.That(PageCache.Resident(files[^1]), Is.Zero, "the page cache of this file system can be dropped (not tmpfs)");
        return (version, files);
    }

    private string BlockFile(string hex) =>
        Directory.EnumerateFiles(_directory, hex, SearchOption.AllDirectories).Single();
}
