using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Sharing.Tests;

/// <summary>
/// Through a real FUSE mount: stat of many names under /peers, existing or not, and the kernel made to forget them
/// (<c>echo 2 &gt; /proc/sys/vm/drop_caches</c>), leave the daemon's table of shared-view inodes where it was: names
/// that do not exist allocate nothing, and every reference the kernel took comes back; a forgotten file reads again.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MountedViewInodeTests
{
    private const int SharedFiles = 200;
    private const int MissingNames = 10_000;
    private MountedBob _mounted = null!;
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;
    private string _bobDir = "";

    [SetUp]
    public void SetUp()
    {
        if (!CanDropCaches()) Assert.Ignore("/proc/sys/vm/drop_caches is not writable here");
        _mounted = MountedBob.Start();
        (_alice, _bob, _bobDir) = (_mounted.Vaults.Alice, _mounted.Vaults.Bob, _mounted.MountPoint);
    }

    [TearDown]
    public void TearDown() => _mounted?.Dispose();

    [Test]
    public void ManyStatsUnderPeers_ThenTheKernelForgets_LeaveTheInodeTableWhereItWas()
    {
        for (var i = 0; i < SharedFiles; i++) _alice.Write($"docs/f{i}.txt", Encoding.UTF8.GetBytes($"file {i}\n"));
        _alice.Sharing.Share("docs", "bob", AccessMode.Revocable);
        var docs = Path.Combine(_bobDir, "peers", "alice", "docs");
        Wait.Until(() => _bob.Sharing.List(ShareScope.Peer, "alice", "docs").Count == SharedFiles, "the shared folder to sync", TimeSpan.FromSeconds(60));
        Assert.That(File.ReadAllText(Path.Combine(docs, "f0.txt")), Is.EqualTo("file 0\n"));

        ForgetEverything();
        var held = _bob.Fs.HeldSharedNodeCount;
        var count = _bob.Fs.SharedNodeCount;

        for (var i = 0; i < MissingNames; i++) Assert.That(File.Exists(Path.Combine(docs, $"missing-{i}.txt")), Is.False);
        Assert.That(_bob.Fs.SharedNodeCount - count, Is.LessThanOrEqualTo(2), $"{MissingNames} names that do not exist allocate nothing (at most peers/alice and docs again)");

        for (var i = 0; i < SharedFiles; i++) Assert.That(File.Exists(Path.Combine(docs, $"f{i}.txt")), Is.True);
        Assert.That(_bob.Fs.HeldSharedNodeCount, Is.GreaterThanOrEqualTo(held + SharedFiles), "the kernel holds what it looked up");

        ForgetEverything();
        TestContext.Progress.WriteLine($"shared-view inodes: {count} before, {_bob.Fs.SharedNodeCount} after {MissingNames + SharedFiles} names; held {held} -> {_bob.Fs.HeldSharedNodeCount}");
        Assert.That(_bob.Fs.HeldSharedNodeCount, Is.EqualTo(held), "every lookup reference came back with the kernel's forgets");
        Assert.That(_bob.Fs.SharedNodeCount, Is.LessThanOrEqualTo(count + SharedFiles + 2), "only entries that exist are kept (idle, bounded)");

        Assert.That(File.ReadAllText(Path.Combine(docs, "f7.txt")), Is.EqualTo("file 7\n"), "a forgotten file reads again");
        Assert.That(Directory.GetFiles(docs), Has.Length.EqualTo(SharedFiles), "the folder lists again");
    }

    /// <summary>Makes the kernel drop its dentries and inodes and waits for the forgets to reach the daemon.</summary>
    private void ForgetEverything()
    {
        Wait.Until(() =>
        {
            File.WriteAllText("/proc/sys/vm/drop_caches", "2");
            return _bob.Fs.HeldSharedNodeCount == 0;
        }, "the kernel to forget every shared-view inode", TimeSpan.FromSeconds(30));
    }

    private static bool CanDropCaches()
    {
        try
        {
            File.WriteAllText("/proc/sys/vm/drop_caches", "2");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
