using System.Security.Cryptography;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// A mounted vault whose blocks live in a second directory (<c>indra init --blocks DIR</c>) behind a 1 MiB cache in
/// <c>VAULT/blocks</c>: files copied in come back after the cache is wiped (every byte from the other directory), an
/// outage of that directory (renamed away) leaves writes working and shows in <c>indra status</c>, and the queue
/// drains once it returns. The object-store version of these tests runs against Ceph (the S3 store's tests).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BlockCacheMountTests
{
    private const int BlockSize = 64 * 1024;

    [Test]
    public void FilesComeBackFromTheRemoteThroughAWipedCacheAndAnOutageOnlyQueues()
    {
        var (root, vault, remote, away, mount) = Layout.Fresh("h17c-mount-");
        var source = Path.Combine(root, "source");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        for (var i = 0; i < 6; i++) File.WriteAllBytes(Path.Combine(source, i % 2 == 0 ? "sub" : "", $"f{i}.bin"), RandomNumberGenerator.GetBytes(100_000 + (i * 70_000)));
        try
        {
            var init = IndraCli.Run("init", "--vault", vault, "--block-size", BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--blocks", remote, "--cache-size", "1M", "--durability", "local").Ok();
            Assert.That(init.Stdout, Does.Contain("blocks kept in " + remote));
            IndraCli.Run("mount", mount, "--vault", vault, "--background").Ok();
            var copy = Path.Combine(mount, "vault", "copy");
            Shell.Run("cp", ["-a", source, copy]).Ok();
            Shell.Run("diff", ["-r", source, copy]).Ok();
            Eventually.WaitFor(() => Status(vault).Contains("Upload queue: 0 blocks", StringComparison.Ordinal), "the upload queue to drain");
            var status = Status(vault);
            Assert.That(status, Does.Contain("Block cache: ").And.Contain(" of 1.0 MiB, durability local"));
            Assert.That(status, Does.Contain("Remote store: reachable"));
            Assert.That(RemoteBlocks(remote), Is.GreaterThanOrEqualTo(16), "the 1.4 MB of files went to the remote directory in 64 KiB blocks");

            // Outage: the remote directory goes away; a write still completes into the cache, and status says so.
            Directory.Move(remote, away);
            var late = RandomNumberGenerator.GetBytes(200_000);
            File.WriteAllBytes(Path.Combine(mount, "vault", "late.bin"), late);
            Eventually.WaitFor(() => Status(vault).Contains("Remote store: unreachable", StringComparison.Ordinal), "status to report the outage");
            Assert.That(Status(vault), Does.Not.Contain("Upload queue: 0 blocks"));
            Assert.That(File.ReadAllBytes(Path.Combine(mount, "vault", "late.bin")), Is.EqualTo(late), "served from the cache meanwhile");
            Directory.Move(away, remote);
            Eventually.WaitFor(() => Status(vault) is var s && s.Contains("Upload queue: 0 blocks", StringComparison.Ordinal) && s.Contains("Remote store: reachable", StringComparison.Ordinal),
                "the queue to drain after the outage", TimeSpan.FromSeconds(90));
            IndraCli.Run("unmount", mount).Ok();

            // Wipe the cache: whatever is read now comes from the remote directory.
            foreach (var fan in Directory.EnumerateDirectories(Path.Combine(vault, "blocks")).Where(d => Path.GetFileName(d).Length == 2))
            {
                foreach (var block in Directory.EnumerateFiles(fan)) File.Delete(block);
            }
            IndraCli.Run("mount", mount, "--vault", vault, "--background", "--cache-size", "512K").Ok();
            Shell.Run("diff", ["-r", source, copy]).Ok();
            Assert.That(File.ReadAllBytes(Path.Combine(mount, "vault", "late.bin")), Is.EqualTo(late));
            Eventually.WaitFor(() => Status(vault).Contains(" of 512.0 KiB", StringComparison.Ordinal), "status to show the mount's cache size");
            IndraCli.Run("unmount", mount).Ok();
            var fsck = IndraCli.Run("fsck", "--vault", vault);
            Assert.That(fsck.ExitCode, Is.Zero, fsck.Stdout + fsck.Stderr);
            Assert.That(fsck.Stdout, Does.Contain("0 problems"));
        }
        finally
        {
            Layout.Remove(root, mount);
        }
    }

    [Test]
    public void ADaemonKilledWithAFullUploadQueueDrainsItAfterARestart()
    {
        var (root, vault, remote, away, mount) = Layout.Fresh("h17c-kill-");
        var files = Enumerable.Range(0, 5).ToDictionary(i => $"k{i}.bin", i => RandomNumberGenerator.GetBytes(150_000 + (i * 10_000)));
        try
        {
            IndraCli.Run("init", "--vault", vault, "--block-size", BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--blocks", remote).Ok();
            IndraCli.Run("mount", mount, "--vault", vault, "--background").Ok();
            Directory.Move(remote, away);
            foreach (var (name, bytes) in files)
            {
                using var stream = new FileStream(Path.Combine(mount, "vault", name), FileMode.Create, FileAccess.Write);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            DirectorySync.Sync(Path.Combine(mount, "vault"));
            Eventually.WaitFor(() => Status(vault).Contains("Remote store: unreachable", StringComparison.Ordinal), "uploads to fail");
            var pid = int.Parse(System.Text.RegularExpressions.Regex.Match(Status(vault), @"\(pid (\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Shell.Run("kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Ok();
            Eventually.WaitFor(() => !Directory.Exists($"/proc/{pid}"), "the daemon to die");
            Assert.That(Directory.Exists(remote), Is.False, "nothing reached the remote");

            Directory.Move(away, remote);
            IndraCli.Run("mount", mount, "--vault", vault, "--background").Ok();
            Eventually.WaitFor(() => Status(vault).Contains("Upload queue: 0 blocks", StringComparison.Ordinal), "the queue left by the killed daemon to drain", TimeSpan.FromSeconds(90));
            Assert.That(RemoteBlocks(remote), Is.GreaterThanOrEqualTo(files.Values.Sum(b => b.Length / BlockSize)), "the fsynced files' full blocks are in the remote");
            foreach (var (name, bytes) in files) Assert.That(File.ReadAllBytes(Path.Combine(mount, "vault", name)), Is.EqualTo(bytes), name);
            IndraCli.Run("unmount", mount).Ok();
            var fsck = IndraCli.Run("fsck", "--vault", vault);
            Assert.That(fsck.Stdout, Does.Contain("0 problems"), fsck.Stdout + fsck.Stderr);
        }
        finally
        {
            Layout.Remove(root, mount);
        }
    }

    /// <summary>A test's directories: the vault, the remote block directory (and where it goes during an outage), the mount point.</summary>
    private sealed record Layout(string Root, string Vault, string Remote, string Away, string Mount)
    {
        public static Layout Fresh(string prefix)
        {
            var root = Directory.CreateTempSubdirectory(prefix).FullName;
            var layout = new Layout(root, Path.Combine(root, "vault-store"), Path.Combine(root, "remote-blocks"), Path.Combine(root, "remote-away"), Path.Combine(root, "mnt"));
            Directory.CreateDirectory(layout.Mount);
            return layout;
        }

        public static void Remove(string root, string mount)
        {
            if (File.ReadAllText("/proc/self/mountinfo").Contains(" " + mount + " ", StringComparison.Ordinal)) IndraCli.Run("unmount", mount);
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Status(string vault) => IndraCli.Run("status", "--vault", vault).Ok().Stdout;

    private static int RemoteBlocks(string remote) =>
        Directory.EnumerateDirectories(remote).Where(d => Path.GetFileName(d).Length == 2).Sum(d => Directory.EnumerateFiles(d).Count());
}
