using System.Security.Cryptography;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// An encrypted vault's staging through a real mount (docs/encryption.md, "Staging"): while a file is being written out
/// of order (so its bytes go through the staging buffer, not straight into blocks), open and past 256 KiB, its spilled
/// staging file holds none of its bytes, and reads, writes, truncations and extensions at any offset through the open
/// file see exactly what was written.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EncryptedStagingTests
{
    private const int Window = 64;
    private string _root = "";

    private string VaultDirectory => Path.Combine(_root, "vault-store");

    private string MountPoint => Path.Combine(_root, "mnt");

    private static Dictionary<string, string> Passphrase => new() { ["INDRA_PASSPHRASE"] = "staging under a key" };

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-sealed-staging-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(MountPoint);
    }

    [TearDown]
    public void RemoveRoot()
    {
        if (File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal) && IndraCli.Run("unmount", MountPoint).ExitCode != 0)
            Shell.Run("umount", ["-l", MountPoint]);
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void A_large_write_in_progress_leaves_no_plaintext_window_in_the_vault_directory()
    {
        IndraCli.RunWith(Passphrase, "init", "--vault", VaultDirectory, "--encrypt").Ok();
        IndraCli.RunWith(Passphrase, "mount", MountPoint, "--vault", VaultDirectory, "--background").Ok();
        var path = Path.Combine(MountPoint, "vault", "out-of-order.bin");
        var expected = RandomNumberGenerator.GetBytes((2 << 20) + 777);
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            // Back to front in 64 KiB pieces: no sequential run, so every byte is staged.
            const int Piece = 64 * 1024;
            for (var offset = expected.Length / Piece * Piece; offset >= 0; offset -= Piece)
                RandomAccess.Write(file, expected.AsSpan(offset, Math.Min(Piece, expected.Length - offset)), offset);
            var staged = Directory.EnumerateFiles(Path.Combine(VaultDirectory, "staging")).Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max();
            Assert.That(staged, Is.GreaterThan(256 * 1024), "the write spilled to a staging file");
            Assert.That(PlainWindows.Find(VaultDirectory, [expected], Window), Is.Empty, "files of the vault directory holding a plaintext window, while the file is open");

            // Unaligned overwrites, a cut inside a 16-byte unit and growing again, read back through the open file.
            var patch = RandomNumberGenerator.GetBytes(333);
            RandomAccess.Write(file, patch, 1_000_003);
            patch.CopyTo(expected, 1_000_003);
            RandomAccess.SetLength(file, expected.Length - 5001);
            RandomAccess.SetLength(file, expected.Length);
            Array.Clear(expected, expected.Length - 5001, 5001);
            var back = new byte[expected.Length];
            Assert.That(RandomAccess.Read(file, back, 0), Is.EqualTo(expected.Length));
            Assert.That(back, Is.EqualTo(expected), "the open file reads what was written");
            var piece = new byte[70_000];
            Assert.That(RandomAccess.Read(file, piece, 12_345), Is.EqualTo(piece.Length));
            Assert.That(piece, Is.EqualTo(expected.AsSpan(12_345, piece.Length).ToArray()), "a read at an unaligned offset");
            Assert.That(PlainWindows.Find(VaultDirectory, [patch, expected.AsSpan(0, expected.Length - 5001).ToArray()], Window), Is.Empty, "no plaintext window after the overwrites");
        }
        Shell.Run("sync", [path]).Ok();
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected), "the committed file");
        IndraCli.Run("unmount", MountPoint).Ok();
        Assert.That(PlainWindows.Find(VaultDirectory, [expected.AsSpan(0, expected.Length - 5001).ToArray()], Window), Is.Empty, "no plaintext window once committed");
    }
}
