using Indra.FileSystem;
using Indra.Policy.Layers;
using Indra.Policy.Sources;

namespace Indra.Policy.Tests;

/// <summary>Read-only, node types and the largest file, as the restrictions layer answers them.</summary>
[TestFixture]
public sealed class RestrictionsLayerTests : LayerFixture
{
    private static EffectivePolicy Policy(string json) =>
        EffectivePolicy.Merge(PolicyDocument.Parse(json, new PolicySource(PolicySourceKind.MachinePolicy, "/p.json")), null, null);

    [Test]
    public void A_read_only_vault_refuses_every_change_with_EROFS_and_still_reads()
    {
        WriteFile(Fs, "a", 10);
        using var layer = new RestrictionsLayer(Fs, Policy("""{"readOnly": true}"""));
        Assert.That(layer.Lookup(ReservedInodes.Vault, "a", out var a), Is.EqualTo(Errno.None));
        Assert.That(layer.Open(a.Inode, OpenFlags.ReadOnly, Caller, out var open), Is.EqualTo(Errno.None));
        Assert.That(layer.Read(a.Inode, open.Handle, 0, new byte[10], out var read), Is.EqualTo(Errno.None));
        Assert.That(read, Is.EqualTo(10));
        layer.Release(a.Inode, open.Handle);
        Assert.That(layer.Open(a.Inode, OpenFlags.ReadWrite, Caller, out _), Is.EqualTo(Errno.EROFS));
        Assert.That(layer.Create(ReservedInodes.Vault, "b", 0x1A4, OpenFlags.WriteOnly, Caller, out _, out _), Is.EqualTo(Errno.EROFS));
        Assert.That(layer.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out _), Is.EqualTo(Errno.EROFS));
        Assert.That(layer.Unlink(ReservedInodes.Vault, "a"), Is.EqualTo(Errno.EROFS));
        Assert.That(layer.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "c", RenameFlags.None), Is.EqualTo(Errno.EROFS));
        Assert.That(layer.SetExtendedAttribute(a.Inode, "user.x", [1], XattrFlags.None), Is.EqualTo(Errno.EROFS));
        var chmod = new SetAttributesRequest { Fields = SetAttributeFields.Mode, Mode = 0x180 };
        Assert.That(layer.SetAttributes(a.Inode, chmod, null, Caller, out _), Is.EqualTo(Errno.EROFS));
        Assert.That(layer.Lookup(ReservedInodes.Vault, "a", out _), Is.EqualTo(Errno.None), "nothing changed");
    }

    [Test]
    public void Node_types_not_listed_are_refused_with_EPERM()
    {
        using var layer = new RestrictionsLayer(Fs, Policy("""{"nodeTypes": ["file", "directory"]}"""));
        Assert.That(layer.SymLink(ReservedInodes.Vault, "l", "t", Caller, out _), Is.EqualTo(Errno.EPERM));
        Assert.That(layer.MakeNode(ReservedInodes.Vault, "p", FileModes.Fifo | 0x1A4, 0, Caller, out _), Is.EqualTo(Errno.EPERM));
        Assert.That(layer.MakeNode(ReservedInodes.Vault, "c", FileModes.CharacterDevice | 0x1A4, 0x103, Caller, out _), Is.EqualTo(Errno.EPERM));
        Assert.That(layer.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(WriteFile(layer, "f", 1).Create, Is.EqualTo(Errno.None));
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "l", out _), Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    public void Writes_past_the_largest_file_are_cut_short_then_refused_with_EFBIG()
    {
        using var layer = new RestrictionsLayer(Fs, Policy("""{"maxFileSize": 1000}"""));
        Assert.That(WriteFile(layer, "f", 1500), Is.EqualTo((Errno.None, Errno.None, 1000)));
        Assert.That(layer.Lookup(ReservedInodes.Vault, "f", out var f), Is.EqualTo(Errno.None));
        Assert.That(layer.Open(f.Inode, OpenFlags.WriteOnly | OpenFlags.Append, Caller, out var open), Is.EqualTo(Errno.None));
        Assert.That(layer.Write(f.Inode, open.Handle, 0, new byte[1], out _), Is.EqualTo(Errno.EFBIG), "an append starts at the end");
        layer.Release(f.Inode, open.Handle);
        var grow = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = 1001 };
        Assert.That(layer.SetAttributes(f.Inode, grow, null, Caller, out _), Is.EqualTo(Errno.EFBIG));
    }
}
