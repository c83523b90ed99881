using System.Text;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Listing and reading a real vault through the host, driven by the emulator.</summary>
[TestFixture]
public sealed class ProjectionTests
{
    private MountedVault _mount = null!;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/notes.txt", "notes");
        _mount.Vault.WriteFile("vault/docs/a.txt", "alpha bravo charlie");
        _mount.Vault.WriteFile("vault/docs/B.txt", "B");
        _mount.Vault.WriteFile("vault/docs/deep/z.bin", new byte[200_000]);
        _mount.Mount();
        _mount.Settle(); // the mount-time sweep lists vault\ through the emulator: done before the traces are read
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void ListsTheMountLayout()
    {
        var root = _mount.Emulator.EnumerateDirectory("");
        Assert.That(root.Select(e => e.Name), Is.EqualTo(new[] { ".indra", "peers", "realms", "vault" }));
        Assert.That(root, Has.All.Matches<EmulatedDirectoryEntry>(e => e.IsDirectory));
        Assert.That(_mount.Emulator.Violations, Is.Empty);
    }

    [Test]
    public void ListsADirectoryTreeWithSizesInProjFsOrder()
    {
        Assert.That(_mount.Emulator.EnumerateDirectory("vault").Select(e => (e.Name, e.IsDirectory)),
            Is.EqualTo(new[] { ("docs", true), ("notes.txt", false) }));
        var docs = _mount.Emulator.EnumerateDirectory("vault\\docs");
        Assert.That(docs.Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt", "deep" }), "case-insensitive order");
        Assert.That(docs.Single(e => e.Name == "a.txt").Size, Is.EqualTo(19));
        Assert.That(_mount.Emulator.EnumerateDirectory("VAULT\\DOCS\\DEEP").Single().Size, Is.EqualTo(200_000));
        Assert.That(_mount.Emulator.EnumerateDirectory("vault\\docs", "*.txt").Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt" }));
        Assert.That(_mount.Emulator.EnumerateDirectory("vault\\docs", "b>txt").Select(e => e.Name), Is.Empty, "DOS_QM is one character");
        Assert.That(_mount.Emulator.EnumerateDirectory("vault\\docs", "<.txt").Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt" }));
    }

    [Test]
    public void SpecialFilesAreNotProjected()
    {
        var docs = _mount.Vault.Find("vault/docs")!.Value;
        var caller = new CallerContext(0, 0, 1);
        Assert.That(_mount.FileSystem.MakeNode(docs, "pipe", FileModes.Fifo | 0x1A4, 0, caller, out var pipe), Is.EqualTo(Errno.None));
        Assert.That(_mount.FileSystem.MakeNode(docs, "null", FileModes.CharacterDevice | 0x1A4, 0x103, caller, out var device), Is.EqualTo(Errno.None));
        _mount.FileSystem.Forget(pipe.Inode, 1);
        _mount.FileSystem.Forget(device.Inode, 1);
        Assert.That(_mount.Emulator.EnumerateDirectory("vault\\docs").Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt", "deep" }));
        Assert.That(_mount.Emulator.Exists("vault\\docs\\pipe"), Is.False, "Windows has no FIFOs");
        Assert.That(_mount.Emulator.Exists("vault\\docs\\null"), Is.False);
        Assert.That(_mount.Emulator.Violations, Is.Empty);
    }

    [Test]
    public void EnumerationWithAOneEntryBufferReturnsEverything()
    {
        for (var i = 0; i < 25; i++)
        {
            _mount.Vault.WriteFile($"vault/many/file{i}.txt", $"{i}");
        }

        _mount.Emulator.ClearTrace();
        var entries = _mount.Emulator.EnumerateDirectory("vault\\many", capacity: DirBufferCapacity.OfEntries(1));
        var expected = Enumerable.Range(0, 25).Select(i => $"file{i}.txt").Order(StringComparer.OrdinalIgnoreCase).ToArray();
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(expected));
        Assert.That(_mount.Emulator.Trace.Count(t => t.StartsWith("GetDirectoryEnumeration", StringComparison.Ordinal)), Is.EqualTo(26));
        Assert.That(_mount.Emulator.Violations, Is.Empty);
    }

    [Test]
    public void EnumerationWithATinyByteBufferIsAskedAgainWithABiggerOne()
    {
        var entries = _mount.Emulator.EnumerateDirectory("vault\\docs", capacity: DirBufferCapacity.OfBytes(64));
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt", "deep" }));
    }

    [Test]
    public void ARestartScanTakesTheNewFilterAndAFreshListing()
    {
        using var docs = _mount.Emulator.OpenDirectory("vault\\docs");
        Assert.That(docs.Read("*.txt").Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt" }));
        Assert.That(docs.Read("*.txt", restartScan: false).Where(e => e.FromProvider), Is.Empty, "continues after the end");
        _mount.Vault.WriteFile("vault/docs/c.txt", "c");
        Assert.That(docs.Read("?.txt", restartScan: true).Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "B.txt", "c.txt" }));
        Assert.That(docs.Read("deep", restartScan: true).Select(e => e.Name), Is.EqualTo(new[] { "deep" }));
    }

    [Test]
    public void ReadingHydratesTheRightBytesWithTheArtifactIdAsContentId()
    {
        var bytes = _mount.Emulator.ReadAll("vault\\docs\\a.txt");
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("alpha bravo charlie"));

        var item = _mount.Emulator.GetItem("vault\\docs\\a.txt")!;
        Assert.That(item.State, Is.EqualTo(EmulatedItemState.HydratedPlaceholder));
        var contentId = Convert.ToHexStringLower(item.Version!.ContentId.AsSpan(0, IndraContentId.ArtifactIdLength));
        Assert.That(contentId, Is.EqualTo(Blake3.Hash(bytes).ToString()), "content id = BLAKE3 of the bytes");
        Assert.That(contentId, Is.EqualTo(_mount.Vault.ArtifactId("vault/docs/a.txt")), "content id = artifact id");
        Assert.That(_mount.Emulator.Trace.Where(t => t.StartsWith("GetPlaceholderInfo", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "GetPlaceholderInfo(vault)", "GetPlaceholderInfo(vault\\docs)", "GetPlaceholderInfo(vault\\docs\\a.txt)" }));
        Assert.That(_mount.Emulator.Trace, Does.Contain("GetFileData(vault\\docs\\a.txt,0,19)"));
    }

    [Test]
    public void LargeFilesAreServedInChunks()
    {
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        _mount.Vault.WriteFile("vault/big.bin", content);
        Assert.That(_mount.Emulator.ReadAll("vault\\big.bin"), Is.EqualTo(content));
        Assert.That(Convert.ToHexStringLower(_mount.Emulator.GetItem("vault\\big.bin")!.Version!.ContentId.AsSpan(0, 32)),
            Is.EqualTo(Blake3.Hash(content).ToString()));
    }

    [Test]
    public void NamesAreFoundWhateverTheCaseAndStoredWithTheVaultsCasing()
    {
        Assert.That(_mount.Emulator.ReadAll("VAULT\\Docs\\b.TXT"), Is.EqualTo("B"u8.ToArray()));
        Assert.That(_mount.Emulator.GetItem("vault\\docs\\b.txt")!.Path, Is.EqualTo("vault\\docs\\B.txt"));
    }

    [Test]
    public void MissingNamesAreNotFound()
    {
        Assert.That(Assert.Throws<EmulatedIOException>(() => _mount.Emulator.ReadAll("vault\\nope.txt"))!.HResult,
            Is.EqualTo(Api.HResult.FileNotFound));
        Assert.That(_mount.Emulator.NegativeCacheCount, Is.EqualTo(1), "the negative path cache is on");
    }

    [Test]
    public void GeneratedFilesAreReadable()
    {
        var player = Encoding.UTF8.GetString(_mount.Emulator.ReadAll(".indra\\player.json"));
        Assert.That(player, Does.StartWith("{"));
        Assert.That(_mount.Emulator.GetItem(".indra\\player.json")!.FileAttributes & Api.FileAttributeBits.ReadOnly, Is.Not.Zero);
    }
}
