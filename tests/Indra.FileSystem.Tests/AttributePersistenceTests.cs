namespace Indra.FileSystem.Tests;

/// <summary>Attribute changes reach the store, so a new filesystem over the same vault (a remount) sees them.</summary>
public sealed class AttributePersistenceTests : VaultFileSystemFixture
{
    [Test]
    public void AChmodAfterATruncateOfAClosedFileSurvivesARemount()
    {
        var file = CreateFile(ReservedInodes.Vault, "f", "hello"u8.ToArray());
        var truncate = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = 2 };
        Assert.That(Fs.SetAttributes(file, truncate, null, Caller, out _), Is.EqualTo(Errno.None));
        var chmod = new SetAttributesRequest { Fields = SetAttributeFields.Mode, Mode = 0x1C0 };
        Assert.That(Fs.SetAttributes(file, chmod, null, Caller, out _), Is.EqualTo(Errno.None));

        Fs.Dispose();
        using var remounted = new VaultFileSystem(Vault);
        Assert.That(remounted.GetAttributes(file, out var attributes), Is.EqualTo(Errno.None));
        Assert.That(attributes.Mode & FileModes.PermissionMask, Is.EqualTo(0x1C0u));
        Assert.That(attributes.Size, Is.EqualTo(2));
    }
}
