using System.Diagnostics;
using System.Security.Cryptography;

namespace Indra.ObjectStore.Tests.Functional;

/// <summary>
/// The local block cache in front of RGW under outages: writes go on into the cache while RGW is down and its queue
/// drains when RGW is back; a daemon killed with a full upload queue drains it after a restart. Nothing is lost.
/// </summary>
public sealed class CacheOutageTests
{
    [Test]
    public void Gateway_stopped_mid_write_the_write_completes_and_the_queue_drains_when_it_returns()
    {
        using var vault = new ObjectVault("outage");
        using var bucket = new TestBucket(vault.Prefix);
        var copy = Path.Combine(vault.Root, "written.bin");
        var target = Path.Combine(vault.Vault, "written.bin");
        var stop = Path.Combine(vault.Root, "stop-writing");
        // A writer that goes on appending random MiBs (kept in a local copy too) until told to stop.
        using var writer = Process.Start(new ProcessStartInfo("bash", ["-c", $"set -e; while [ ! -e '{stop}' ]; do head -c 1048576 /dev/urandom; done | tee '{copy}' > '{target}'"]))!;
        try
        {
            Wait.Until(() => new FileInfo(copy).Exists && new FileInfo(copy).Length > 4 << 20, "4 MiB written before the outage", TimeSpan.FromSeconds(60));
            Ceph.Cluster.StopGateway();
            var atStop = new FileInfo(copy).Length;
            Wait.Until(() => vault.CacheStatus() is { RemoteReachable: false }, "the cache noticing the outage", TimeSpan.FromSeconds(60));
            Wait.Until(() => new FileInfo(copy).Length > atStop + (8 << 20), "8 MiB more written during the outage", TimeSpan.FromSeconds(60));
            File.WriteAllText(stop, "");
            Assert.That(writer.WaitForExit(60_000), Is.True, "the writer finishes while RGW is down");
            Assert.That(writer.ExitCode, Is.Zero, "every write succeeded into the cache");
            Shell.Run("cmp", [copy, target]).Ok();
            Wait.Until(() => vault.CacheStatus() is { QueuedBlocks: > 0 }, "blocks waiting in the upload queue");
        }
        finally
        {
            File.WriteAllText(stop, "");
            Ceph.Cluster.StartGateway();
        }
        vault.WaitUploaded(DateTimeOffset.UtcNow, bucket, TimeSpan.FromMinutes(2));
        Assert.That(vault.StoredBlocks().IsSubsetOf(bucket.Blocks()), Is.True);
        vault.Unmount();
        vault.WipeCache();
        vault.Mount();
        Shell.Run("cmp", [copy, target]).Ok();
        vault.Unmount();
        Assert.That(vault.Cli("fsck").Ok().Stdout, Does.Contain("0 problems"));
    }

    [Test]
    public void Daemon_killed_with_a_full_upload_queue_drains_it_after_a_restart()
    {
        using var vault = new ObjectVault("killed");
        using var bucket = new TestBucket(vault.Prefix);
        var source = Path.Combine(vault.Root, "queued.bin");
        File.WriteAllBytes(source, RandomNumberGenerator.GetBytes(24 << 20));
        Ceph.Cluster.StopGateway();
        try
        {
            Shell.Run("cp", [source, Path.Combine(vault.Vault, "queued.bin")]).Ok();
            Wait.Until(() => vault.StoredBlocks().Count == 24, "the file's 24 blocks committed to the metadata");
            Wait.Until(() => vault.CacheStatus() is { QueuedBlocks: 24 }, "24 blocks in the upload queue");
            var pid = vault.DaemonPid();
            using (var daemon = Process.GetProcessById(pid))
            {
                daemon.Kill();
                Assert.That(daemon.WaitForExit(30_000), Is.True, "the daemon died");
            }
            Shell.Run("umount", ["-l", vault.MountPoint]);
        }
        finally
        {
            Ceph.Cluster.StartGateway();
        }
        Assert.That(bucket.Blocks(), Is.Empty, "nothing reached the bucket before the kill");
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
}
