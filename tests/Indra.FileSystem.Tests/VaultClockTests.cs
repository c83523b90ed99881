using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Indra.FileSystem.Tests;

/// <summary>
/// The filesystem reads time from the vault's clock and logs through the vault's loggers: a fake clock makes hours
/// pass at once, and every stamp (times, attention, dwell) follows it.
/// </summary>
public sealed class VaultClockTests
{
    private static readonly CallerContext Caller = new(1000, 1000, 1);
    private readonly List<string> _log = [];
    private FakeTimeProvider _clock = null!;
    private ILoggerFactory _loggers = null!;
    private Vault _vault = null!;
    private VaultFileSystem _fs = null!;

    [SetUp]
    public void Open()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        _loggers = Indra.Tests.Shared.LineLoggerProvider.Factory(line => { lock (_log) _log.Add(line); });
        _vault = Vault.CreateInMemory(1024, new VaultServices(_clock, _loggers));
        _fs = new VaultFileSystem(_vault);
    }

    [TearDown]
    public void Close()
    {
        _fs.Dispose();
        _vault.Dispose();
        _loggers.Dispose();
    }

    [Test]
    public void TimesOfNodesAndOpensFollowTheVaultsClock()
    {
        var created = Vault.UnixNanoseconds(_clock);
        Assert.That(_fs.Create(ReservedInodes.Vault, "a.txt", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
        Assert.That(new[] { file.BirthTimeNs, file.ModifyTimeNs, file.ChangeTimeNs, file.AccessTimeNs }, Is.All.EqualTo(created));

        _clock.Advance(TimeSpan.FromMinutes(90));
        var written = Vault.UnixNanoseconds(_clock);
        Assert.That(_fs.Write(file.Inode, open.Handle, 0, "hello"u8, out _), Is.EqualTo(Errno.None));
        Assert.That(_fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(_fs.GetAttributes(file.Inode, out var saved), Is.EqualTo(Errno.None));
        Assert.That((saved.BirthTimeNs, saved.ModifyTimeNs, saved.ChangeTimeNs), Is.EqualTo((created, written, written)));

        Assert.That(_fs.MakeDirectory(ReservedInodes.Vault, "later", 0x1ED, Caller, out var folder), Is.EqualTo(Errno.None));
        Assert.That(folder.BirthTimeNs, Is.EqualTo(written));

        // The open lasted 90 minutes by the vault's clock: navigate_back says so, stamped at the close.
        var log = AttentionLog();
        Assert.That(log, Does.Contain("\"kind\":\"navigate_back\"").And.Contain("\"dwell_ms\":5400000"));
        Assert.That(log, Does.Contain("\"at\":\"2031-03-04T06:36:07.0000000Z\""));
    }

    [Test]
    public void EachPartLogsUnderItsOwnCategory()
    {
        Assert.That(_fs.Create(ReservedInodes.Vault, "b.txt", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
        Assert.That(_fs.Write(file.Inode, open.Handle, 0, new byte[4096], out _), Is.EqualTo(Errno.None));
        Assert.That(_fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(_fs.Open(file.Inode, OpenFlags.ReadOnly, Caller, out var reading), Is.EqualTo(Errno.None));
        // A block of the saved version goes missing behind the filesystem's back: the read fails, and says so.
        var content = _vault.Tree.CommittedContent(_vault.Tree.GetNode((long)file.Inode)!)!;
        _vault.ContentBlocks.Delete(BlockHash.Parse(content.Blocks[1].Hash.ToString()));

        Assert.That(_fs.Read(file.Inode, reading.Handle, 1024, new byte[1024], out _), Is.EqualTo(Errno.EIO));
        lock (_log)
        {
            Assert.That(_log, Has.Some.StartsWith("Warning Indra.FileSystem.Files.VaultFiles: read of inode " + file.Inode + " (vault/b.txt)"));
        }
        Assert.That(_fs.Release(file.Inode, reading.Handle), Is.EqualTo(Errno.None));
    }

    private string AttentionLog()
    {
        _vault.Attention.Flush();
        Assert.That(_fs.Lookup(ReservedInodes.Meta, "attention.log", out var log), Is.EqualTo(Errno.None));
        Assert.That(_fs.Open(log.Inode, OpenFlags.ReadOnly, Caller, out var open), Is.EqualTo(Errno.None));
        var buffer = new byte[1 << 20];
        Assert.That(_fs.Read(log.Inode, open.Handle, 0, buffer, out var read), Is.EqualTo(Errno.None));
        Assert.That(_fs.Release(log.Inode, open.Handle), Is.EqualTo(Errno.None));
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
