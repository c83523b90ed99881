namespace Indra.FileSystem.Tests;

/// <summary>
/// The loaded-node cache honours the kernel's forget and stays bounded (issue 15): nodes the kernel no longer holds
/// are evicted once the cache passes its soft limit, nodes it holds are kept, and an evicted node reads back from the
/// vault with the state its last change gave it.
/// </summary>
public sealed class InodeCacheTests : VaultFileSystemFixture
{
    private const int SoftLimit = 64;

    [Test]
    public void ForgottenNodesAreEvictedPastTheSoftLimitAndHeldOnesStay()
    {
        Fs.Inodes.SoftLimit = SoftLimit;
        var held = new List<ulong>();
        for (var i = 0; i < 10 * SoftLimit; i++)
        {
            var inode = CreateFile(ReservedInodes.Vault, $"f{i}", [(byte)i]);
            if (i % 10 == 0) held.Add(inode);
            else Fs.Forget(inode, 1);
        }

        Assert.That(Fs.Inodes.Count, Is.LessThanOrEqualTo(held.Count + SoftLimit + SoftLimit / 4 + 2),
            "what stays is what the kernel holds plus the soft limit");
        foreach (var inode in held) Assert.That(Fs.GetAttributes(inode, out _), Is.EqualTo(Errno.None));
    }

    [Test]
    public void AnEvictedNodeReadsBackWithItsLastChange()
    {
        Fs.Inodes.SoftLimit = SoftLimit;
        var first = CreateFile(ReservedInodes.Vault, "changed", [1, 2, 3]);
        var chmod = new SetAttributesRequest { Fields = SetAttributeFields.Mode, Mode = 0x180 };
        Assert.That(Fs.SetAttributes(first, chmod, null, Caller, out _), Is.EqualTo(Errno.None));
        Fs.Forget(first, 1);
        for (var i = 0; i < 4 * SoftLimit; i++) Fs.Forget(CreateFile(ReservedInodes.Vault, $"g{i}", [(byte)i]), 1);

        Assert.That(Fs.Inodes.Count, Is.LessThan(4 * SoftLimit), "forgotten nodes were evicted");
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "changed", out var back), Is.EqualTo(Errno.None));
        Assert.That(back.Inode, Is.EqualTo(first));
        Assert.That(back.Mode & 0xFFF, Is.EqualTo(0x180u));
        Assert.That(back.Size, Is.EqualTo(3));
        Assert.That(ReadAll(first), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
