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
}
