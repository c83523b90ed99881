using System.Text.Json;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.FileSystem.Tests;

/// <summary>
/// Bounds on what one request can make the filesystem hold, at the contract: inputs the Linux kernel already filters
/// (a value over 64 KiB, a name over 255 bytes) still get Linux's answer when they arrive some other way.
/// </summary>
public sealed class BoundsTests : VaultFileSystemFixture
{
    [Test]
    public void XattrBoundsGetTheErrnoLinuxUses()
    {
        var file = CreateFile(ReservedInodes.Vault, "f", "x"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(Fs.SetExtendedAttribute(file, "user.v", new byte[VaultFileSystem.MaxXattrSize + 1], XattrFlags.None), Is.EqualTo(Errno.E2BIG));
            Assert.That(Fs.SetExtendedAttribute(file, "user.v", new byte[VaultFileSystem.MaxXattrSize], XattrFlags.None), Is.EqualTo(Errno.None));
            Assert.That(Fs.SetExtendedAttribute(file, "user." + new string('é', 126), [1], XattrFlags.None), Is.EqualTo(Errno.ERANGE), "257 bytes of UTF-8");
            Assert.That(Fs.SetExtendedAttribute(file, "", [1], XattrFlags.None), Is.EqualTo(Errno.ERANGE));
            Assert.That(Fs.GetExtendedAttribute(file, "user." + new string('n', 251), out _), Is.EqualTo(Errno.ERANGE));
            Assert.That(Fs.RemoveExtendedAttribute(file, "user." + new string('n', 251)), Is.EqualTo(Errno.ERANGE));
            Assert.That(Fs.SetExtendedAttribute(file, "trusted." + new string('n', 251), [1], XattrFlags.None), Is.EqualTo(Errno.ERANGE), "length before namespace, as Linux checks");
        });
    }

    [Test]
    public void AFilesXattrNamesNeverListPast64KiB()
    {
        var file = CreateFile(ReservedInodes.Vault, "f", "x"u8.ToArray());
        var stored = 0;
        Errno result;
        while ((result = Fs.SetExtendedAttribute(file, $"user.{stored:D5}" + new string('n', 245), [], XattrFlags.None)) == Errno.None)
        {
            stored++;
        }
        Assert.That(result, Is.EqualTo(Errno.ENOSPC));
        Assert.That(Fs.ListExtendedAttributes(file, out var names), Is.EqualTo(Errno.None));
        Assert.That(names.Sum(n => System.Text.Encoding.UTF8.GetByteCount(n) + 1), Is.InRange(VaultFileSystem.MaxXattrListBytes - 256, VaultFileSystem.MaxXattrListBytes));
        Assert.That(Fs.SetExtendedAttribute(file, "user.00000" + new string('n', 245), [2], XattrFlags.None), Is.EqualTo(Errno.None), "replacing a value adds no name");
    }

    [Test]
    public void AFilesXattrValuesNeverTotalPastOneMebibyte()
    {
        var file = CreateFile(ReservedInodes.Vault, "f", "x"u8.ToArray());
        var value = new byte[VaultFileSystem.MaxXattrSize];
        var perNode = VaultFileSystem.MaxXattrValueBytesPerNode / value.Length;
        for (var i = 0; i < perNode; i++)
        {
            Assert.That(Fs.SetExtendedAttribute(file, $"user.{i}", value, XattrFlags.None), Is.EqualTo(Errno.None));
        }
        Assert.That(Fs.SetExtendedAttribute(file, "user.one-more", [1], XattrFlags.None), Is.EqualTo(Errno.ENOSPC));
        Assert.That(Fs.SetExtendedAttribute(file, "user.0", value, XattrFlags.None), Is.EqualTo(Errno.None), "a replacement counts once");
        var other = CreateFile(ReservedInodes.Vault, "g", "x"u8.ToArray());
        Assert.That(Fs.SetExtendedAttribute(other, "user.0", value, XattrFlags.None), Is.EqualTo(Errno.None), "the bound is per node");
    }

    [Test]
    public void AHugeAttentionHistoryGivesBoundedGeneratedFiles()
    {
        // 60,000 events over 30,000 nodes with 1,000-character paths: about 120 MB as strings, which heat.json used to
        // load whole at every generation (240 MB for a getattr and an open). Now each file stays within its cap, and
        // what generating it allocates depends on the cap, not on the history.
        const int events = 60_000;
        var player = Blake3.Hash("player"u8);
        var now = Indra.Engine.Vaults.Vault.NowNs();
        var history = Enumerable.Range(0, events).Select(i =>
            new AttentionRecord(now - (events - i) * 1_000_000L, i % 4 == 3 ? 1 : 0, player, 100 + i % 30_000, default, default,
                $"vault/{i:D6}/" + new string('p', 1000), 5)).ToList();
        Vault.Metadata.AppendAttention(history, Indra.Engine.Attention.HeatCalculator.HalfLifeNs);
        var file = CreateFile(ReservedInodes.Vault, "attended", "x"u8.ToArray());

        var log = ReadMeta("attention.log", out var logAllocated);
        var lines = System.Text.Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(log.Length, Is.LessThanOrEqualTo(4 << 20));
        Assert.That(lines, Has.Length.InRange(1000, 10_000));
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.That(ids, Is.Ordered.Ascending, "oldest first");
        Assert.That(ids[^1], Is.GreaterThanOrEqualTo(events), "ending with the newest");
        Assert.That(logAllocated, Is.LessThan(96L << 20), "bytes allocated by getattr and open, each generating attention.log");

        var heat = ReadMeta("heat.json", out var heatAllocated);
        Assert.That(heat.Length, Is.LessThan((4 << 20) + 4096));
        using var document = JsonDocument.Parse(heat);
        var entries = document.RootElement.EnumerateObject().Select(p => p.Value.GetProperty("heat").GetDouble()).ToList();
        Assert.That(entries, Has.Count.InRange(1000, 10_000));
        Assert.That(entries, Is.Ordered.Descending, "hottest first");
        Assert.That(heatAllocated, Is.LessThan(96L << 20), "bytes allocated by getattr and open, each generating heat.json");

        Assert.That(Fs.GetExtendedAttribute(file, "user.indra.heat", out var value), Is.EqualTo(Errno.None));
        Assert.That(double.Parse(System.Text.Encoding.UTF8.GetString(value), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), "opened once");
    }

    [Test]
    public void AFolderCannotMoveIntoItsOwnSubtreeHoweverDeep()
    {
        // The ancestor check used to give up after 4096 levels and allow the move, cutting the subtree off in a cycle.
        Assert.That(Fs.MakeDirectory(ReservedInodes.Vault, "top", 0x1ED, Caller, out var top), Is.EqualTo(Errno.None));
        var deepest = top.Inode;
        for (var depth = 0; depth < 5000; depth++)
        {
            Assert.That(Fs.MakeDirectory(deepest, "d", 0x1ED, Caller, out var child), Is.EqualTo(Errno.None));
            deepest = child.Inode;
        }
        Assert.That(Fs.Rename(ReservedInodes.Vault, "top", deepest, "loop", RenameFlags.None), Is.EqualTo(Errno.EINVAL));
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "top", out _), Is.EqualTo(Errno.None), "still where it was");
        Assert.That(Fs.MakeDirectory(ReservedInodes.Vault, "elsewhere", 0x1ED, Caller, out var elsewhere), Is.EqualTo(Errno.None));
        Assert.That(Fs.Rename(ReservedInodes.Vault, "top", elsewhere.Inode, "top", RenameFlags.None), Is.EqualTo(Errno.None), "a legal move of the deep tree");
    }

    /// <summary>Reads a /.indra file whole; <paramref name="allocated"/> is what this thread allocated meanwhile.</summary>
    private byte[] ReadMeta(string name, out long allocated)
    {
        Assert.That(Fs.Lookup(ReservedInodes.Meta, name, out var attributes), Is.EqualTo(Errno.None));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var content = ReadAll(attributes.Inode);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return content;
    }
}
