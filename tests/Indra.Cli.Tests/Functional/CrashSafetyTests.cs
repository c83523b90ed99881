using System.Security.Cryptography;
using System.Text.Json;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Durability in the style of JuiceFS's crash tests: a writer records a file in a manifest only after fsync of the file
/// and its directory; the daemon is killed with SIGKILL; after the next mount (which recovers the stale mount) every
/// recorded file reads back exactly and fsck is clean. Also: a corrupt block is never served.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CrashSafetyTests
{
    [Test]
    public void FilesFsyncedBeforeAKillSurviveIt([Values(1, 2)] int round)
    {
        using var mounted = new MountedVault(blockSize: 64 * 1024);
        var dir = Path.Combine(mounted.Vault, "crash");
        Directory.CreateDirectory(dir);
        var manifest = new Dictionary<string, byte[]>();
        var inFlight = new Dictionary<string, byte[]>();
        var random = new Random(round);

        Exception? writerError = null;
        var writer = new Thread(() =>
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    var name = $"f{i % 40:000}";
                    var content = RandomNumberGenerator.GetBytes(random.Next(0, 300_000));
                    var path = Path.Combine(dir, name);
                    lock (manifest) inFlight[name] = content;
                    using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
                    {
                        stream.Write(content);
                        stream.Flush(flushToDisk: true);
                    }
                    DirectorySync.Sync(dir);
                    lock (manifest) manifest[name] = content;
                }
            }
            // The dead mount's errno: ENOTCONN (IOException) over /dev/fuse; a request the kernel had handed to an io_uring
            // entry of the killed daemon can end with ECANCELED instead, which .NET raises as OperationCanceledException.
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                writerError = e;
            }
        });
        writer.Start();
        // Kill once the writer has recorded a number of fsynced files (more in the second round, so the kill lands
        // at a different point of the rewrite cycle).
        var recorded = 10 * round + 5;
        Eventually.WaitFor(() => { lock (manifest) return manifest.Count >= recorded || writerError is not null; }, $"{recorded} fsynced files");
        var pid = DaemonPid(mounted);
        Shell.Run("kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Ok();
        Assert.That(writer.Join(TimeSpan.FromSeconds(30)), Is.True, "the writer notices the dead mount");
        TestContext.Progress.WriteLine($"crash round {round}: {manifest.Count} files recorded; writer stopped by {writerError?.GetType().Name}: {writerError?.Message}");
        Assert.That(manifest, Is.Not.Empty, "the writer made progress before the kill");

        mounted.Mount();
        foreach (var (name, content) in manifest)
        {
            // A file being rewritten when the daemon died may hold its new content (never a mix of the two).
            var actual = File.ReadAllBytes(Path.Combine(dir, name));
            var rewritten = inFlight[name];
            Assert.That(actual.SequenceEqual(content) || actual.SequenceEqual(rewritten), Is.True, $"{name}: {actual.Length} bytes, neither the recorded {content.Length} nor the in-flight {rewritten.Length}");
        }
        mounted.Unmount();
        var fsck = IndraCli.Run("fsck", "--vault", mounted.VaultDirectory);
        Assert.That(fsck.ExitCode, Is.Zero, fsck.Stdout + fsck.Stderr);
        Assert.That(fsck.Stdout, Does.Contain("0 problems"));
    }

    [Test]
    public void ACorruptBlockGivesEioAndAnFsckError()
    {
        using var mounted = new MountedVault();
        var path = Path.Combine(mounted.Vault, "precious.bin");
        var content = RandomNumberGenerator.GetBytes(100_000);
        File.WriteAllBytes(path, content);
        var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout;
        mounted.Unmount();
        var blockFile = Path.Combine(mounted.VaultDirectory, "blocks", id[..2], id);
        Assert.That(File.Exists(blockFile), Is.True, "a single-block file is stored under its own id");
        var bytes = File.ReadAllBytes(blockFile);
        bytes[5000] ^= 0x55;
        File.WriteAllBytes(blockFile, bytes);

        mounted.Mount();
        var error = Assert.Throws<IOException>(() => File.ReadAllBytes(path));
        Assert.That(error!.Message, Does.Contain("Input/output error").IgnoreCase.Or.Contain("I/O").IgnoreCase);
        mounted.Unmount();
        Assert.That(File.ReadAllText(Path.Combine(mounted.VaultDirectory, "indra.log")), Does.Contain("vault/precious.bin"));
        var fsck = IndraCli.Run("fsck", "--vault", mounted.VaultDirectory);
        Assert.That(fsck.ExitCode, Is.EqualTo(1));
        Assert.That(fsck.Stdout, Does.Contain("CorruptBlock").And.Contain("vault/precious.bin"));
    }

    [Test]
    public void AOneByteEditOfALargeFileRehashesOneBlock()
    {
        const int blockSize = 1 << 20;
        using var mounted = new MountedVault(blockSize);
        var path = Path.Combine(mounted.Vault, "large.bin");
        var chunk = RandomNumberGenerator.GetBytes(1 << 20);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            for (var i = 0; i < 256; i++)
            {
                chunk[0] = (byte)i;
                stream.Write(chunk);
            }
        }
        // close(2) returns before the kernel's asynchronous RELEASE commits the file; reading its id commits it now.
        Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok();
        var before = Engine(mounted);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Seek(128L * blockSize + 4242, SeekOrigin.Begin);
            stream.WriteByte(0xEE);
        }
        var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", path]).Ok().Stdout;
        var after = Engine(mounted);
        var hashed = after.Hashed - before.Hashed;
        var stored = after.Stored - before.Stored;
        TestContext.Progress.WriteLine($"1-byte edit of 256 MiB: {hashed} bytes hashed, {stored} bytes stored");
        Assert.That(hashed, Is.LessThanOrEqualTo(2L * blockSize), "one block's hash and chaining value");
        Assert.That(stored, Is.LessThanOrEqualTo(blockSize));
        Assert.That(id, Is.EqualTo(Shell.Run("b3sum", ["--no-names", path]).Ok().Stdout.Trim()));
    }

    private static (long Hashed, long Stored) Engine(MountedVault mounted)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(mounted.Meta, "player.json")));
        var engine = json.RootElement.GetProperty("engine");
        return (engine.GetProperty("bytes_hashed").GetInt64(), engine.GetProperty("bytes_stored").GetInt64());
    }

    private static int DaemonPid(MountedVault mounted)
    {
        var status = IndraCli.Run("status", "--vault", mounted.VaultDirectory).Ok().Stdout;
        var match = System.Text.RegularExpressions.Regex.Match(status, @"\(pid (\d+)\)");
        Assert.That(match.Success, Is.True, status);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
