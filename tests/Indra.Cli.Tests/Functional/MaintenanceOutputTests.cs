using System.Security.Cryptography;
using System.Text.Json;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// <c>indra fsck</c>, <c>gc</c> and <c>hash</c>: progress on long work (periodic lines when standard error is piped, a bar
/// on a pseudo-terminal) and their <c>--json</c> documents checked against docs/json-output.md, on a real vault of
/// 4 KiB blocks holding a 5 MiB file (over 1,000 blocks, so the checker reports progress).
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class MaintenanceOutputTests
{
    private MountedVault _vault = null!;

    [OneTimeSetUp]
    public void FillAndUnmount()
    {
        _vault = new MountedVault(blockSize: 4096);
        File.WriteAllBytes(Path.Combine(_vault.Vault, "big.bin"), RandomNumberGenerator.GetBytes(5 << 20));
        File.WriteAllText(Path.Combine(_vault.Vault, "small.txt"), "small");
        _vault.Unmount();
    }

    [OneTimeTearDown]
    public void Delete() => _vault.Dispose();

    [Test]
    public void FsckPipedPrintsPeriodicProgressLinesAndOnATerminalABar()
    {
        var piped = IndraCli.Run("fsck", "--vault", _vault.VaultDirectory).Ok();
        Assert.That(piped.Stderr, Does.Match(@"fsck: blocks 1000/\d+"), "a progress line every 1,000 blocks");
        Assert.That(piped.Stdout, Does.Contain("0 problems").And.Not.Contain("\u001b"));

        var (exit, output) = Pty.Run(null, "fsck", "--vault", _vault.VaultDirectory);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("100%").And.Contain("fsck: done"), "the bar ends full");
        Assert.That(output, Does.Contain("\u001b["), "drawn with escape sequences");
        Assert.That(output, Does.Not.Contain("fsck: blocks 1000/"), "the bar replaces the progress lines on a terminal");
    }

    [Test]
    public void FsckGcAndHashJsonMatchTheirDocumentedShapes()
    {
        var fsck = DocumentedShape.Of("fsck");
        using (var clean = JsonDocument.Parse(IndraCli.Run("fsck", "--vault", _vault.VaultDirectory, "--json").Ok().Stdout))
        {
            fsck.Check(clean.RootElement, "indra fsck --json");
            Assert.That(clean.RootElement.GetProperty("clean").GetBoolean(), Is.True);
            Assert.That(clean.RootElement.GetProperty("blocks_checked").GetInt64(), Is.GreaterThan(1280), "every 4 KiB block of 5 MiB and the small file");
            Assert.That(clean.RootElement.GetProperty("problems").GetArrayLength(), Is.Zero);
        }

        // A block file nothing references: fsck reports it (exit 1, the document still printed), gc removes it.
        var orphan = new string('a', 64);
        var orphanFile = Path.Combine(_vault.VaultDirectory, "blocks", orphan[..2], orphan);
        Directory.CreateDirectory(Path.GetDirectoryName(orphanFile)!);
        File.WriteAllBytes(orphanFile, new byte[100]);
        var dirty = IndraCli.Run("fsck", "--vault", _vault.VaultDirectory, "--json");
        Assert.That(dirty.ExitCode, Is.EqualTo(1), dirty.Stderr);
        using (var found = JsonDocument.Parse(dirty.Stdout))
        {
            fsck.Check(found.RootElement, "indra fsck --json (a problem)");
            Assert.That(found.RootElement.GetProperty("left").GetInt32(), Is.EqualTo(1));
            Assert.That(found.RootElement.GetProperty("problems")[0].GetProperty("kind").GetString(), Is.EqualTo("OrphanBlock"));
        }
        using (var gc = JsonDocument.Parse(IndraCli.Run("gc", "--vault", _vault.VaultDirectory, "--json").Ok().Stdout))
        {
            DocumentedShape.Of("gc").Check(gc.RootElement, "indra gc --json");
            Assert.That(gc.RootElement.GetProperty("blocks_removed").GetInt64(), Is.EqualTo(1));
            Assert.That(gc.RootElement.GetProperty("bytes_freed").GetInt64(), Is.EqualTo(100));
        }
        Assert.That(File.Exists(orphanFile), Is.False);

        var file = Path.Combine(_vault.Root, "hash-me.txt");
        File.WriteAllText(file, "hash me");
        var hash = IndraCli.Run("hash", "--json", file, Path.Combine(_vault.Root, "missing.txt"));
        Assert.That(hash.ExitCode, Is.EqualTo(1), "a file that cannot be read");
        Assert.That(hash.Stderr, Does.Contain("missing.txt: No such file or directory"));
        using var hashed = JsonDocument.Parse(hash.Stdout);
        DocumentedShape.Of("hash").Check(hashed.RootElement, "indra hash --json");
        var files = hashed.RootElement.GetProperty("files");
        Assert.That(files[0].GetProperty("hash").GetString() + "  " + file + "\n", Is.EqualTo(IndraCli.Run("hash", file).Ok().Stdout));
        Assert.That(files[0].GetProperty("size").GetInt64(), Is.EqualTo("hash me".Length));
        Assert.That(files[1].GetProperty("hash").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(files[1].GetProperty("error").GetString(), Is.EqualTo("No such file or directory"));
    }

    [Test]
    public void HeatOfAnUnmountedVaultIsComputedInProcess()
    {
        using var heat = JsonDocument.Parse(IndraCli.Run("heat", "--vault", _vault.VaultDirectory, "--json").Ok().Stdout);
        DocumentedShape.Of("heat").Check(heat.RootElement, "indra heat --json (unmounted)");
        var files = heat.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("opens").GetInt32());
        Assert.That(files.Keys, Is.SupersetOf(new[] { "big.bin", "small.txt" }), "the writes through the mount were attention");
        Assert.That(files.Values, Has.All.GreaterThanOrEqualTo(1));
        Assert.That(IndraCli.Run("heat", "--vault", _vault.VaultDirectory).Ok().Stdout, Does.Contain("big.bin").And.Contain("small.txt").And.Not.Contain("\u001b"));
    }
}
