using Indra.FileSystem;
using Indra.Policy.Layers;

namespace Indra.Policy.Tests;

/// <summary>The vault quota: bytes and nodes counted through the layer, EDQUOT at the limit, statfs showing it.</summary>
[TestFixture]
public sealed class QuotaLayerTests : LayerFixture
{
    [Test]
    public void A_write_is_cut_short_at_the_byte_quota_and_the_next_fails_with_EDQUOT()
    {
        using var quota = new QuotaLayer(Fs, 10_000, 0, QuotaLayer.Usage(Vault));
        Assert.That(WriteFile(quota, "a", 6000), Is.EqualTo((Errno.None, Errno.None, 6000)));
        Assert.That(WriteFile(quota, "b", 6000), Is.EqualTo((Errno.None, Errno.None, 4000)), "cut short at the quota");
        Assert.That(WriteFile(quota, "c", 1), Is.EqualTo((Errno.None, Errno.EDQUOT, 0)));
        Assert.That(quota.UsedBytes, Is.EqualTo(10_000));

        Assert.That(quota.Unlink(ReservedInodes.Vault, "a"), Is.EqualTo(Errno.None));
        Assert.That(quota.UsedBytes, Is.EqualTo(4000), "an unlinked file's bytes are free again");
        Assert.That(WriteFile(quota, "d", 5000), Is.EqualTo((Errno.None, Errno.None, 5000)));
    }

    [Test]
    public void A_truncate_past_the_quota_fails_and_one_within_it_counts()
    {
        using var quota = new QuotaLayer(Fs, 8192, 0, QuotaLayer.Usage(Vault));
        WriteFile(quota, "a", 100);
        Assert.That(quota.Lookup(ReservedInodes.Vault, "a", out var a), Is.EqualTo(Errno.None));
        var grow = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = 9000 };
        Assert.That(quota.SetAttributes(a.Inode, grow, null, Caller, out _), Is.EqualTo(Errno.EDQUOT));
        grow.Size = 8000;
        Assert.That(quota.SetAttributes(a.Inode, grow, null, Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(quota.UsedBytes, Is.EqualTo(8000));
        grow.Size = 0;
        Assert.That(quota.SetAttributes(a.Inode, grow, null, Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(quota.UsedBytes, Is.Zero);
    }

    [Test]
    public void Creates_past_the_node_quota_fail_with_EDQUOT_and_a_removal_makes_room()
    {
        using var quota = new QuotaLayer(Fs, 0, 2, QuotaLayer.Usage(Vault));
        Assert.That(quota.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(WriteFile(quota, "f", 1).Create, Is.EqualTo(Errno.None));
        Assert.That(quota.SymLink(ReservedInodes.Vault, "l", "f", Caller, out _), Is.EqualTo(Errno.EDQUOT));
        Assert.That(quota.MakeNode(ReservedInodes.Vault, "p", 0x1180, 0, Caller, out _), Is.EqualTo(Errno.EDQUOT));
        Assert.That(WriteFile(quota, "f", 2).Create, Is.EqualTo(Errno.None), "opening an existing name with O_CREAT takes no node");
        Assert.That(quota.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out _), Is.EqualTo(Errno.EDQUOT), "checked before the name, as ext4 does");
        Assert.That(quota.RemoveDirectory(ReservedInodes.Vault, "d"), Is.EqualTo(Errno.None));
        Assert.That(quota.SymLink(ReservedInodes.Vault, "l", "f", Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(quota.UsedFiles, Is.EqualTo(2));
    }

    [Test]
    public void Usage_at_mount_counts_what_the_vault_holds_and_statfs_reports_the_quota()
    {
        WriteFile(Fs, "a", 3000);
        Fs.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out _);
        Fs.FlushAll();
        Assert.That(QuotaLayer.Usage(Vault), Is.EqualTo((3000L, 2L)));
        using var quota = new QuotaLayer(Fs, 1 << 20, 10, QuotaLayer.Usage(Vault));
        Assert.That(quota.GetStatistics(out var statistics), Is.EqualTo(Errno.None));
        Assert.That(statistics.TotalBlocks * statistics.BlockSize, Is.EqualTo(1UL << 20));
        Assert.That(statistics.AvailableBlocks, Is.EqualTo(((1UL << 20) - 3000) / statistics.BlockSize));
        Assert.That((statistics.TotalFiles, statistics.FreeFiles), Is.EqualTo((10UL, 8UL)));
    }
}
