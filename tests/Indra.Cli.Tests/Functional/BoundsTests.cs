using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Oversized requests sent for real through the mount get the errno Linux gives (compared with a native ext4
/// directory where Linux defines the answer), and the daemon serves the next request.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BoundsTests
{
    private const int XattrSizeMax = 65536;

    private MountedVault _mounted = null!;
    private string _native = null!;

    [OneTimeSetUp]
    public void MountVault()
    {
        _mounted = new MountedVault();
        _native = Path.Combine(_mounted.Root, "native");
        Directory.CreateDirectory(_native);
    }

    [OneTimeTearDown]
    public void UnmountVault() => _mounted.Dispose();

    [Test]
    public void AnXattrValueOver64KiBIsE2BigAsOnExt4()
    {
        foreach (var file in Files("big-value"))
        {
            Assert.That(Posix.SetXattr(file, "user.big", new byte[XattrSizeMax + 1]), Is.EqualTo(Posix.E2BIG), file);
        }
        var mounted = Path.Combine(_mounted.Vault, "big-value");
        var value = new byte[XattrSizeMax];
        Random.Shared.NextBytes(value);
        Assert.That(Posix.SetXattr(mounted, "user.big", value), Is.Zero, "the largest value is stored");
        Assert.That(Posix.GetXattr(mounted, "user.big", 0, out var probe), Is.Zero);
        Assert.That(probe, Has.Length.EqualTo(XattrSizeMax), "a size probe answers the length");
        Assert.That(Posix.GetXattr(mounted, "user.big", XattrSizeMax - 1, out _), Is.EqualTo(Posix.ERANGE), "a buffer one byte short");
        Assert.That(Posix.GetXattr(mounted, "user.big", XattrSizeMax, out var read), Is.Zero);
        Assert.That(read, Is.EqualTo(value));
        AssertStillServing();
    }

    [Test]
    public void AnXattrNameOver255BytesIsERangeAsOnExt4()
    {
        var name = "user." + new string('n', 251);
        foreach (var file in Files("long-name"))
        {
            Assert.Multiple(() =>
            {
                Assert.That(Posix.SetXattr(file, name, [1]), Is.EqualTo(Posix.ERANGE), file);
                Assert.That(Posix.GetXattr(file, name, 16, out _), Is.EqualTo(Posix.ERANGE), file);
                Assert.That(Posix.RemoveXattr(file, name), Is.EqualTo(Posix.ERANGE), file);
                Assert.That(Posix.SetXattr(file, name[..^1], [1]), Is.Zero, "255 bytes is allowed: " + file);
            });
        }
        AssertStillServing();
    }

    [Test]
    public void XattrValuesPastOneMebibytePerFileAreENOSPC()
    {
        // ext4 answers ENOSPC too once a file's attributes fill its space (about 4 KiB there).
        var file = Path.Combine(_mounted.Vault, "many-values");
        File.WriteAllText(file, "x");
        var value = new byte[XattrSizeMax];
        for (var i = 0; i < 16; i++)
        {
            Assert.That(Posix.SetXattr(file, $"user.v{i:D2}", value), Is.Zero, $"value {i}");
        }
        Assert.That(Posix.SetXattr(file, "user.v16", value), Is.EqualTo(Posix.ENOSPC));
        Assert.That(Posix.SetXattr(file, "user.v00", value), Is.Zero, "replacing a value by one of the same size fits");
        Assert.That(Posix.RemoveXattr(file, "user.v00"), Is.Zero);
        Assert.That(Posix.SetXattr(file, "user.v16", value), Is.Zero, "removing one makes room");
        AssertStillServing();
    }

    [Test]
    public void XattrNamesPastTheListLimitAreENOSPCAndTheListAlwaysFits()
    {
        var file = Path.Combine(_mounted.Vault, "many-names");
        File.WriteAllText(file, "x");
        var stored = 0;
        int error;
        while ((error = Posix.SetXattr(file, $"user.{stored:D5}" + new string('n', 245), [1])) == 0)
        {
            stored++;
            Assert.That(stored, Is.LessThan(300), "no bound on the names of one file");
        }
        Assert.That(error, Is.EqualTo(Posix.ENOSPC));
        Assert.That(stored, Is.GreaterThan(250), "65536 bytes of 256-byte names, less the generated ones");
        Assert.That(Posix.ListXattr(file, 0, out var length), Is.Zero);
        Assert.That(length, Is.InRange(stored * 256, XattrSizeMax));
        Assert.That(Posix.ListXattr(file, XattrSizeMax, out var listed), Is.Zero, "the whole list fits in XATTR_LIST_MAX");
        Assert.That(listed, Is.EqualTo(length));
        Assert.That(Posix.ListXattr(file, 100, out _), Is.EqualTo(Posix.ERANGE), "a buffer too small for the list");
        AssertStillServing();
    }

    [Test]
    public void ASymlinkTargetOfPathMaxIsENAMETOOLONGAsOnExt4()
    {
        foreach (var directory in new[] { _mounted.Vault, _native })
        {
            Assert.That(Posix.Symlink(new string('t', 4096), Path.Combine(directory, "long-link")), Is.EqualTo(Posix.ENAMETOOLONG), directory);
            Assert.That(Posix.Symlink(new string('t', 4095), Path.Combine(directory, "longest-link")), Is.Zero, directory);
        }
        Assert.That(File.ResolveLinkTarget(Path.Combine(_mounted.Vault, "longest-link"), false)!.FullName, Does.EndWith(new string('t', 4095)));
        AssertStillServing();
    }

    [Test]
    public void AHugeAttentionHistoryGivesCappedGeneratedFilesAndTheDaemonServesOn()
    {
        // 100,000 events over 50,000 nodes with 500-character paths, written before the mount: heat.json used to load
        // every event at every read. Now attention.log and heat.json stay within 4 MiB.
        Shell.Require("sqlite3", "sqlite3");
        const string history = """
            WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < 100000)
            INSERT INTO attention(at, kind, player, ino, artifact, from_artifact, path, dwell_ms)
            SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000000000 - (100000 - i) * 1000000, i % 4 = 3, zeroblob(32),
                   100 + i % 50000, zeroblob(32), zeroblob(32), 'vault/' || i || '/' || printf('%.500c', 'p'), 5
            FROM c;
            """;
        using var mounted = new MountedVault(beforeMount: directory => Shell.Run("sqlite3", [Path.Combine(directory, "vault.db"), history]).Ok());
        var log = File.ReadAllLines(Path.Combine(mounted.Meta, "attention.log"));
        Assert.That(log.Sum(l => l.Length + 1), Is.LessThanOrEqualTo(4 << 20));
        Assert.That(log, Has.Length.InRange(1000, 10_000));
        Assert.That(log[^1], Does.Contain("\"id\":100000,"), "the newest event is last");
        var heat = File.ReadAllBytes(Path.Combine(mounted.Meta, "heat.json"));
        Assert.That(heat.Length, Is.LessThan((4 << 20) + 4096));
        using (var document = System.Text.Json.JsonDocument.Parse(heat))
        {
            Assert.That(document.RootElement.EnumerateObject().Count(), Is.InRange(1000, 10_000));
        }
        var file = Path.Combine(mounted.Vault, "hot");
        File.WriteAllText(file, "x");
        Assert.That(File.ReadAllText(file), Is.EqualTo("x"));
        Assert.That(Posix.GetXattr(file, "user.indra.heat", 64, out var value), Is.Zero);
        Assert.That(System.Text.Encoding.ASCII.GetString(value), Does.StartWith("0."), "heat of a file opened twice");
    }

    /// <summary>The same new file in the mount and in the native directory.</summary>
    private IEnumerable<string> Files(string name)
    {
        foreach (var directory in new[] { _mounted.Vault, _native })
        {
            var file = Path.Combine(directory, name);
            File.WriteAllText(file, "x");
            yield return file;
        }
    }

    /// <summary>A write, a read and a listing after the oversized request: the daemon is still serving.</summary>
    private void AssertStillServing()
    {
        var probe = Path.Combine(_mounted.Vault, "still-serving-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(probe, "alive");
        Assert.That(File.ReadAllText(probe), Is.EqualTo("alive"));
        Assert.That(Directory.GetFileSystemEntries(_mounted.Vault), Does.Contain(probe));
        Assert.That(_mounted.IsMounted, Is.True);
    }
}
