using System.Text;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>
/// Changes made to the vault by another route while projected. The vault filesystem signals those through
/// <see cref="IInvalidationSink"/> (peer sync, CLI edits); the tests change the vault directly and then give the same
/// signal.
/// </summary>
[TestFixture]
public sealed class VaultChangeTests
{
    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/docs/a.txt", "version one");
        _mount.Vault.WriteFile("vault/docs/b.txt", "b");
        _mount.Mount();
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void ACleanPlaceholderIsUpdated()
    {
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("version one"u8.ToArray()));
        var inode = _mount.Vault.WriteFile("vault/docs/a.txt", "version two, longer");
        _mount.Session.InvalidationSink.InvalidateInode(inode);
        _mount.Settle();

        var item = Windows.GetItem("vault\\docs\\a.txt")!;
        Assert.That(item.State, Is.EqualTo(EmulatedItemState.Placeholder), "updated, back to a non-hydrated placeholder");
        Assert.That(Convert.ToHexStringLower(item.Version!.ContentId.AsSpan(0, 32)), Is.EqualTo(Blake3.Hash("version two, longer"u8).ToString()));
        Assert.That(Windows.ReadAll("vault\\docs\\a.txt"), Is.EqualTo("version two, longer"u8.ToArray()));
        Assert.That(_mount.Session.ConflictCount, Is.Zero);
    }

    [Test]
    public void TheHostsOwnWriteBackIsNotAConflict()
    {
        Windows.WriteAll("vault\\docs\\a.txt", "mine"u8);
        _mount.Settle();
        _mount.Session.InvalidationSink.InvalidateInode(_mount.Vault.Find("vault/docs/a.txt")!.Value);
        _mount.Settle();
        Assert.That(_mount.Session.ConflictCount, Is.Zero);
    }

    [Test]
    public void AVaultDeletionRemovesACleanPlaceholder()
    {
        Windows.ReadAll("vault\\docs\\b.txt");
        var docs = _mount.Vault.Find("vault/docs")!.Value;
        Assert.That(_mount.FileSystem.Unlink(docs, "b.txt"), Is.EqualTo(Errno.None));
        _mount.Session.InvalidationSink.InvalidateEntry(docs, "b.txt");
        _mount.Settle();
        Assert.That(Windows.GetItem("vault\\docs\\b.txt"), Is.Null);
        Assert.That(Windows.Exists("vault\\docs\\b.txt"), Is.False);
        Assert.That(Windows.EnumerateDirectory("vault\\docs").Select(e => e.Name), Is.EqualTo(new[] { "a.txt" }));
    }

    [Test]
    public void ANewVaultNameClearsTheNegativePathCache()
    {
        Assert.Throws<EmulatedIOException>(() => Windows.ReadAll("vault\\docs\\later.txt"));
        Assert.That(Windows.NegativeCacheCount, Is.EqualTo(1));
        _mount.Vault.WriteFile("vault/docs/later.txt", "arrived");
        _mount.Session.InvalidationSink.InvalidateEntry(_mount.Vault.Find("vault/docs")!.Value, "later.txt");
        _mount.Settle();
        Assert.That(Windows.ReadAll("vault\\docs\\later.txt"), Is.EqualTo("arrived"u8.ToArray()));
    }

    [Test]
    public void AVaultRecreatedNameReplacesATombstone()
    {
        Windows.Delete("vault\\docs\\b.txt");
        _mount.Settle();
        Assert.That(_mount.Vault.Exists("vault/docs/b.txt"), Is.False);
        _mount.Vault.WriteFile("vault/docs/b.txt", "back again");
        _mount.Session.InvalidationSink.InvalidateEntry(_mount.Vault.Find("vault/docs")!.Value, "b.txt");
        _mount.Settle();
        Assert.That(Windows.ReadAll("vault\\docs\\b.txt"), Is.EqualTo("back again"u8.ToArray()));
    }

    [Test]
    public void AStalePlaceholderWithoutASignalFailsTheReadInsteadOfServingOtherBytes()
    {
        using (Windows.OpenRead("vault\\docs\\a.txt"))
        {
        }

        _mount.Vault.WriteFile("vault/docs/a.txt", "changed without a signal");
        var error = Assert.Throws<EmulatedIOException>(() => Windows.ReadAll("vault\\docs\\a.txt"))!;
        Assert.That(error.HResult, Is.EqualTo(HResult.FileNotFound), "the provider's error reaches the application");
        Assert.That(_mount.LogText, Does.Contain("no longer has the content"));
    }

    [Test]
    public void ChangesMadeWhileUnmountedReachPlaceholdersAtTheNextMount()
    {
        Windows.ReadAll("vault\\docs\\a.txt");
        _mount.Session.Unmount(TimeSpan.FromSeconds(5));
        _mount.Vault.WriteFile("vault/docs/a.txt", "edited while unmounted");
        _mount.Mount();
        _mount.Settle();
        Assert.That(Encoding.UTF8.GetString(Windows.ReadAll("vault\\docs\\a.txt")), Is.EqualTo("edited while unmounted"));
    }
}
