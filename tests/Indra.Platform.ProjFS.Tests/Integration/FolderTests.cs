using Indra.FileSystem;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Folders: remote additions in folders the user created, and folders the vault deleted.</summary>
[TestFixture]
public sealed class FolderTests
{
    private MountedVault _mount = null!;

    private ProjFsEmulator Windows => _mount.Emulator;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Interposed = new InterposedProjFsApi(_mount.Emulator);
        _mount.Vault.WriteFile("vault/tree/one.txt", "one");
        _mount.Vault.WriteFile("vault/tree/sub/two.txt", "two");
        _mount.Vault.WriteFile("vault/tree/sub/three.txt", "three");
        _mount.Vault.WriteFile("vault/other.txt", "other");
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void ARemoteAdditionAppearsInAUserCreatedFolder()
    {
        _mount.Mount();
        Windows.CreateDirectory("vault\\mine");
        Windows.WriteAll("vault\\mine\\local.txt", "made here"u8);
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/mine/local.txt"), Is.EqualTo("made here"));

        _mount.Vault.WriteFile("vault/mine/remote.txt", "from a peer");
        _mount.Session.InvalidationSink.InvalidateEntry(_mount.Vault.Find("vault/mine")!.Value, "remote.txt");
        _mount.Settle();

        Assert.That(Windows.EnumerateDirectory("vault\\mine").Select(e => e.Name), Is.EqualTo(new[] { "local.txt", "remote.txt" }));
        Assert.That(Windows.ReadAll("vault\\mine\\remote.txt"), Is.EqualTo("from a peer"u8.ToArray()));
        Assert.That(Windows.ReadAll("vault\\mine\\local.txt"), Is.EqualTo("made here"u8.ToArray()));
    }

    [Test]
    public void AUserCreatedFolderStaysRenamableUntilTheVaultAddsToIt()
    {
        _mount.Mount();
        Windows.CreateDirectory("vault\\mine");
        Windows.WriteAll("vault\\mine\\local.txt", "made here"u8);
        _mount.Settle();
        Assert.That(Windows.GetItem("vault\\mine")!.State, Is.EqualTo(EmulatedItemState.Full), "ProjFS cannot rename a partial folder");
        Windows.Rename("vault\\mine", "vault\\mine2");
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/mine2/local.txt"), Is.EqualTo("made here"));
    }

    [Test]
    public void AVaultDeletedFolderWithHydratedChildrenGoesDepthFirst_RetriedWhileAHandleIsOpen()
    {
        _mount.Mount();
        Assert.That(Windows.ReadAll("vault\\tree\\one.txt"), Is.EqualTo("one"u8.ToArray()));
        Assert.That(Windows.ReadAll("vault\\tree\\sub\\two.txt"), Is.EqualTo("two"u8.ToArray()));
        Assert.That(Windows.ReadAll("vault\\tree\\sub\\three.txt"), Is.EqualTo("three"u8.ToArray()));
        _mount.Interposed!.HoldOpen("vault\\tree\\sub\\two.txt");

        RemoveTree("vault/tree");
        var vault = _mount.Vault.Find("vault")!.Value;
        _mount.Session.InvalidationSink.InvalidateEntry(vault, "tree");
        // Generous: once (of three fresh full runs, the machine loaded by Ceph and Chromium) 15 s passed without the retry.
        Wait.Until(() => _mount.Interposed.RefusedCalls >= 2, "PrjDeleteFile to be refused and retried while the handle is open", TimeSpan.FromSeconds(60));
        Assert.That(Windows.GetItem("vault\\tree\\sub\\two.txt"), Is.Not.Null, "the open file is still there");
        Assert.That(Windows.GetItem("vault\\tree\\sub\\three.txt"), Is.Null, "its sibling went first");

        _mount.Interposed.Release("vault\\tree\\sub\\two.txt");
        _mount.Settle();
        Assert.That(Windows.GetItem("vault\\tree"), Is.Null, "the folder is gone, children first");
        Assert.That(Windows.Exists("vault\\tree"), Is.False);
        Assert.That(Windows.EnumerateDirectory("vault").Select(e => e.Name), Is.EqualTo(new[] { "other.txt" }));
    }

    [Test]
    public void PrjGetOnDiskFileStateIsAskedOnlyAboutPathsOnDisk()
    {
        _mount.Mount();
        Windows.ReadAll("vault\\other.txt");
        _mount.Settle();
        var before = _mount.Interposed!.OnDiskStateQueries.Count;

        var never = _mount.Vault.WriteFile("vault/tree/sub/two.txt", "changed, never projected");
        _mount.Session.InvalidationSink.InvalidateInode(never);
        _mount.Session.InvalidationSink.InvalidateEntry(_mount.Vault.Find("vault/tree")!.Value, "new.txt");
        _mount.Session.InvalidationSink.InvalidateInode(_mount.Vault.WriteFile("vault/other.txt", "changed"));
        _mount.Settle();

        var asked = _mount.Interposed.OnDiskStateQueries.Skip(before).ToList();
        Assert.That(asked, Has.None.Contains("tree"), "paths that are only virtual are never asked about (Windows may call back)");
        Assert.That(asked, Has.Some.EndsWith("other.txt"));
        Assert.That(Windows.ReadAll("vault\\other.txt"), Is.EqualTo("changed"u8.ToArray()));
    }

    private void RemoveTree(string path)
    {
        foreach (var name in _mount.Vault.List(path))
        {
            var child = $"{path}/{name}";
            var attributesOk = _mount.FileSystem.GetAttributes(_mount.Vault.Find(child)!.Value, out var attributes);
            Assert.That(attributesOk, Is.EqualTo(Errno.None));
            if (attributes.Kind == Indra.Engine.Domain.NodeKind.Directory)
            {
                RemoveTree(child);
            }
            else
            {
                Assert.That(_mount.FileSystem.Unlink(_mount.Vault.Find(path)!.Value, name), Is.EqualTo(Errno.None));
            }
        }

        var cut = path.LastIndexOf('/');
        Assert.That(_mount.FileSystem.RemoveDirectory(_mount.Vault.Find(path[..cut])!.Value, path[(cut + 1)..]), Is.EqualTo(Errno.None));
    }
}
