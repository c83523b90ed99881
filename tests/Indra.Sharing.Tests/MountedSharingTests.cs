using System.Diagnostics;
using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Platform.Fuse;

namespace Indra.Sharing.Tests;

/// <summary>
/// Two vaults, each with its own real FUSE mount and its own sharing service (as the mount daemon will run them),
/// driven through the mounts with System.IO: /peers is read-only, edits reach the peer's mount through kernel
/// invalidation, recall and transfer behave as their modes say.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MountedSharingTests
{
    private string _root = "";
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;
    private IMountSession? _aliceMount;
    private IMountSession? _bobMount;
    private string _aliceDir = "";
    private string _bobDir = "";

    [SetUp]
    public void SetUp()
    {
        var host = new FuseHost(Indra.Tests.Shared.LineLoggerProvider.Factory(line => TestContext.Progress.WriteLine("fuse: " + line)));
        if (!host.IsAvailable(out var reason)) Assert.Ignore("FUSE is not available: " + reason);
        _root = Path.Combine(Path.GetTempPath(), "indra-sharing-mnt-" + Guid.NewGuid().ToString("N"));
        _alice = SharingNode.Create(_root, "alice");
        _bob = SharingNode.Create(_root, "bob");
        _alice.Sharing.AddPeer("bob", _bob.Sharing.Invite, autoAccept: true);
        _bob.Sharing.AddPeer("alice", _alice.Sharing.Invite, autoAccept: true);
        _aliceDir = Path.Combine(_root, "mnt-alice");
        _bobDir = Path.Combine(_root, "mnt-bob");
        Directory.CreateDirectory(_aliceDir);
        Directory.CreateDirectory(_bobDir);
        _aliceMount = host.Mount(_alice.Fs, new MountOptions(_aliceDir, MaxThreads: 4));
        _bobMount = host.Mount(_bob.Fs, new MountOptions(_bobDir, MaxThreads: 4));
        // As the mount daemon does: start sharing once mounted, with the mount point, and attach the views.
        _alice.StartMounted(_aliceDir);
        _bob.StartMounted(_bobDir);
    }

    [TearDown]
    public void TearDown()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine("alice log:\n" + _alice?.LogText());
            TestContext.Out.WriteLine("bob log:\n" + _bob?.LogText());
        }
        _aliceMount?.Unmount(TimeSpan.FromSeconds(10));
        _bobMount?.Unmount(TimeSpan.FromSeconds(10));
        _aliceMount?.Dispose();
        _bobMount?.Dispose();
        _alice?.Dispose();
        _bob?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void ThroughTheMounts_ShareEditRecallAndTransfer()
    {
        var ownerFile = Path.Combine(_aliceDir, "vault", "notes", "plan.md");
        Directory.CreateDirectory(Path.GetDirectoryName(ownerFile)!);
        File.WriteAllText(ownerFile, "version 1\n");
        Directory.CreateDirectory(Path.Combine(_aliceDir, "vault", "album"));
        File.WriteAllBytes(Path.Combine(_aliceDir, "vault", "album", "photo.jpg"), TwoVaultTests.RandomBytes(3 << 20, 3));
        _alice.Sharing.Share("notes/plan.md", "bob", AccessMode.Revocable);
        _alice.Sharing.Share("album", "bob", AccessMode.Permanent);

        var peerFile = Path.Combine(_bobDir, "peers", "alice", "plan.md");
        Wait.Until(() => File.Exists(peerFile), "plan.md under bob's /peers/alice");
        Assert.That(File.ReadAllText(peerFile), Is.EqualTo("version 1\n"));
        var peerPhoto = Path.Combine(_bobDir, "peers", "alice", "album", "photo.jpg");
        Wait.Until(() => File.Exists(peerPhoto), "the album folder");
        Assert.That(Blake3.Hash(File.ReadAllBytes(peerPhoto)), Is.EqualTo(Blake3.Hash(File.ReadAllBytes(Path.Combine(_aliceDir, "vault", "album", "photo.jpg")))));
        Assert.That(Xattr(peerFile, "user.indra.id"), Is.EqualTo(Xattr(ownerFile, "user.indra.id")), "ids equal on both mounts");
        Assert.That(Xattr(peerFile, "user.indra.access_mode"), Is.EqualTo("Revocable"));
        Assert.That(File.GetUnixFileMode(peerFile) & (UnixFileMode)0x1FF, Is.EqualTo((UnixFileMode)0x100), "0400: the mounting user's only");
        Assert.Throws<UnauthorizedAccessException>(() => File.AppendAllText(peerFile, "bob was here"), "writes under /peers get EACCES");
        Assert.Throws<UnauthorizedAccessException>(() => File.WriteAllText(Path.Combine(_bobDir, "peers", "alice", "new.txt"), "x"));

        // The owner edits; the peer's mount shows the new bytes within seconds (the kernel cache is invalidated).
        File.WriteAllText(ownerFile, "version 2, edited by alice\n");
        var started = Stopwatch.StartNew();
        Wait.Until(() => File.ReadAllText(peerFile) == "version 2, edited by alice\n", "the edit on bob's mount", TimeSpan.FromSeconds(5));
        TestContext.Out.WriteLine($"edit visible on the peer's mount after {started.ElapsedMilliseconds} ms");
        Assert.That(_bob.Sharing.ChangesText(), Does.Contain("\"path\":\"plan.md\""));

        _alice.Sharing.Recall("notes/plan.md", "bob");
        _alice.Sharing.Recall("album", "bob");
        Wait.Until(() => !File.Exists(peerFile), "the revocable file to vanish from bob's mount");
        Assert.That(File.Exists(peerPhoto), Is.True, "the permanent folder stays after recall");

        // Transfer: bob becomes the steward and can write; alice keeps read-only access under /peers/bob.
        var deed = Path.Combine(_aliceDir, "vault", "deed.txt");
        File.WriteAllText(deed, "the deed");
        // close(2) returns before the kernel's RELEASE, which commits the bytes, reaches the daemon. `indra share` is a
        // process started after it; this in-process call waits for the commit as that start does, or the transfer
        // would carry the file as it was before (the giver then keeps its copy: nothing is lost, the test fails).
        Wait.Until(() => _alice.Vault.Tree.Resolve("deed.txt")?.ArtifactId == new ArtifactId(Blake3.Hash("the deed"u8)), "alice's deed.txt to be committed");
        _alice.Sharing.Share("deed.txt", "bob", AccessMode.Transfer);
        var bobsDeed = Path.Combine(_bobDir, "vault", "inbox", "deed.txt");
        Wait.Until(() => File.Exists(bobsDeed), "the transfer to land in bob's /vault/inbox");
        Wait.Until(() => !File.Exists(deed), "alice's copy to go");
        File.AppendAllText(bobsDeed, ", now bob's");
        var alicesView = Path.Combine(_aliceDir, "peers", "bob", "deed.txt");
        Wait.Until(() => File.Exists(alicesView) && File.ReadAllText(alicesView) == "the deed, now bob's", "bob's edit in alice's read-only view");
        Assert.Throws<UnauthorizedAccessException>(() => File.AppendAllText(alicesView, "alice again"), "the giver keeps no write access");
    }

    private static string Xattr(string path, string name)
    {
        using var process = Process.Start(new ProcessStartInfo("getfattr", ["--only-values", "-n", name, path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var value = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return value.Trim();
    }
}
