using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Microsoft.Data.Sqlite;

namespace Indra.FileSystem.Tests;

/// <summary>
/// FIFOs, sockets and device nodes as vault nodes (mknod(2)): kind, mode, owner and device number kept as given,
/// the empty leaf as content, and the namespace operations every other node has. The mount-level behaviour (kernel
/// I/O, ext4 as the oracle) is in Indra.Cli.Tests' SpecialFileMountTests.
/// </summary>
public sealed class SpecialFileTests : VaultFileSystemFixture
{
    private const uint SetGid = 0x400;

    /// <summary>glibc <c>makedev(3)</c> for majors below 4096 and minors below 2^20 (what FUSE carries).</summary>
    private static ulong MakeDevice(uint major, uint minor) => (minor & 0xFF) | (major << 8) | ((ulong)(minor & ~0xFFu) << 12);

    private static readonly object[] Types =
    [
        new object[] { FileModes.Fifo, NodeKind.Fifo, 0UL },
        new object[] { FileModes.Socket, NodeKind.Socket, 0UL },
        new object[] { FileModes.CharacterDevice, NodeKind.CharacterDevice, MakeDevice(1, 3) },
        new object[] { FileModes.BlockDevice, NodeKind.BlockDevice, MakeDevice(8, 0) },
    ];

    [TestCaseSource(nameof(Types))]
    public void A_special_node_keeps_its_type_mode_owner_and_device(uint type, NodeKind kind, ulong device)
    {
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "node", type | 0x1A0, device, Caller, out var made), Is.EqualTo(Errno.None));
        Assert.That(Fs.GetAttributes(made.Inode, out var attributes), Is.EqualTo(Errno.None));
        Assert.That(attributes.Kind, Is.EqualTo(kind));
        Assert.That(attributes.Mode, Is.EqualTo(type | 0x1A0));
        Assert.That(attributes.DeviceNumber, Is.EqualTo(device));
        Assert.That((attributes.Uid, attributes.Gid), Is.EqualTo((Caller.Uid, Caller.Gid)));
        Assert.That(attributes.Size, Is.Zero);
        Assert.That(attributes.LinkCount, Is.EqualTo(1));
        Assert.That(Listed(ReservedInodes.Vault, "node", plus: false), Is.EqualTo((kind, type | 0x1A0, made.Inode)), "readdir's entry (d_type)");
        Assert.That(Listed(ReservedInodes.Vault, "node", plus: true), Is.EqualTo((kind, type | 0x1A0, made.Inode)), "readdirplus's entry");
        Assert.That(Fs.GetExtendedAttribute(made.Inode, "user.indra.id", out var id), Is.EqualTo(Errno.None));
        Assert.That(System.Text.Encoding.UTF8.GetString(id), Is.EqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"), "the empty leaf");
        Assert.That(Fs.ListExtendedAttributes(made.Inode, out var names), Is.EqualTo(Errno.None));
        Assert.That(names, Is.Empty, "Linux allows no user.* attributes on special files");
    }

    /// <summary>The kind, mode and inode that a listing of <paramref name="directory"/> gives <paramref name="name"/>.</summary>
    private (NodeKind, uint, ulong) Listed(ulong directory, string name, bool plus)
    {
        Assert.That(Fs.OpenDirectory(directory, Caller, out var handle), Is.EqualTo(Errno.None));
        (NodeKind, uint, ulong) found = default;
        Assert.That(Fs.ReadDirectory(directory, handle, 0, plus, (in DirectoryEntry entry) =>
        {
            if (entry.Name == name) found = (entry.Attributes.Kind, entry.Attributes.Mode, entry.Attributes.Inode);
            return true;
        }), Is.EqualTo(Errno.None));
        Fs.ReleaseDirectory(directory, handle);
        return found;
    }

    [Test]
    public void A_fifo_or_socket_ignores_the_device_number_as_mknod_does()
    {
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "fifo", FileModes.Fifo | 0x1A4, MakeDevice(1, 3), Caller, out var fifo), Is.EqualTo(Errno.None));
        Assert.That(fifo.DeviceNumber, Is.Zero);
    }

    [Test]
    public void Only_special_types_are_made_and_names_stay_unique()
    {
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "r", FileModes.Regular | 0x1A4, 0, Caller, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "d", FileModes.Directory | 0x1ED, 0, Caller, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "x", 0xE000 | 0x1A4, 0, Caller, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "f", FileModes.Fifo | 0x1A4, 0, Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "f", FileModes.Fifo | 0x1A4, 0, Caller, out _), Is.EqualTo(Errno.EEXIST));
        Assert.That(Fs.MakeNode(ReservedInodes.Meta, "f", FileModes.Fifo | 0x1A4, 0, Caller, out _), Is.EqualTo(Errno.EROFS));
    }

    [Test]
    public void Opening_or_truncating_a_special_node_through_the_filesystem_is_refused()
    {
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "fifo", FileModes.Fifo | 0x1A4, 0, Caller, out var fifo), Is.EqualTo(Errno.None));
        Assert.That(Fs.Open(fifo.Inode, OpenFlags.ReadOnly, Caller, out _), Is.EqualTo(Errno.ENXIO), "the kernel opens special files itself");
        Assert.That(Fs.Create(ReservedInodes.Vault, "fifo", 0x1A4, OpenFlags.WriteOnly | OpenFlags.Create, Caller, out _, out _), Is.EqualTo(Errno.ENXIO));
        var truncate = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = 0 };
        Assert.That(Fs.SetAttributes(fifo.Inode, truncate, null, Caller, out _), Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    public void Special_nodes_link_rename_and_unlink_like_files()
    {
        Assert.That(Fs.MakeNode(ReservedInodes.Vault, "dev", FileModes.CharacterDevice | 0x1A4, MakeDevice(1, 5), Caller, out var dev), Is.EqualTo(Errno.None));
        Assert.That(Fs.Link(dev.Inode, ReservedInodes.Vault, "dev2", out var linked), Is.EqualTo(Errno.None));
        Assert.That(linked.LinkCount, Is.EqualTo(2));
        Assert.That(Fs.Rename(ReservedInodes.Vault, "dev", ReservedInodes.Vault, "moved", RenameFlags.None), Is.EqualTo(Errno.None));
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "moved", out var moved), Is.EqualTo(Errno.None));
        Assert.That((moved.Inode, moved.DeviceNumber, moved.Kind), Is.EqualTo((dev.Inode, MakeDevice(1, 5), NodeKind.CharacterDevice)));
        Assert.That(Fs.Unlink(ReservedInodes.Vault, "moved"), Is.EqualTo(Errno.None));
        Assert.That(Fs.GetAttributes(dev.Inode, out var left), Is.EqualTo(Errno.None));
        Assert.That(left.LinkCount, Is.EqualTo(1));
        Assert.That(Fs.Unlink(ReservedInodes.Vault, "dev2"), Is.EqualTo(Errno.None));
        Assert.That(List(ReservedInodes.Vault), Is.EqualTo(new[] { ".", ".." }));
    }

    [Test]
    public void A_set_group_id_directory_gives_its_group_and_keeps_the_mode_as_passed()
    {
        var owner = new CallerContext(0, 0, 1);
        Assert.That(Fs.MakeDirectory(ReservedInodes.Vault, "shared", 0x1FF | SetGid, owner, out var shared), Is.EqualTo(Errno.None));
        var group = new SetAttributesRequest { Fields = SetAttributeFields.Gid, Gid = 4242 };
        Assert.That(Fs.SetAttributes(shared.Inode, group, null, owner, out _), Is.EqualTo(Errno.None));
        Assert.That(Fs.MakeNode(shared.Inode, "fifo", FileModes.Fifo | 0x1B4, 0, Caller, out var fifo), Is.EqualTo(Errno.None));
        Assert.That(fifo.Gid, Is.EqualTo(4242u));
        Assert.That(fifo.Mode, Is.EqualTo(FileModes.Fifo | 0x1B4), "no set-group-ID added to a non-directory");
        Assert.That(Fs.MakeDirectory(shared.Inode, "sub", 0x1ED, Caller, out var sub), Is.EqualTo(Errno.None));
        Assert.That((sub.Gid, sub.Mode & FileModes.PermissionMask), Is.EqualTo((4242u, 0x1ED | SetGid)), "a subdirectory inherits the bit");
    }
}

/// <summary>Special nodes survive a reopen, and a vault made before device numbers were stored opens and takes them.</summary>
public sealed class SpecialFilePersistenceTests
{
    private static readonly CallerContext Caller = new(1000, 1000, 1);
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-special-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_schema_1_vault_is_migrated_and_keeps_device_numbers_across_reopens()
    {
        ulong regular;
        using (var vault = Vault.Create(_dir))
        using (var fs = new VaultFileSystem(vault))
        {
            Assert.That(fs.Create(ReservedInodes.Vault, "old", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
            fs.Release(file.Inode, open.Handle);
            regular = file.Inode;
        }
        // What the previous version wrote: no nodes.rdev, schema_version 1.
        var database = Path.Combine(_dir, VaultLayout.MetadataFile);
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE nodes DROP COLUMN rdev; UPDATE settings SET value = '1' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }

        ulong device;
        using (var vault = Vault.Open(_dir))
        using (var fs = new VaultFileSystem(vault))
        {
            Assert.That(vault.Metadata.GetSetting("schema_version"), Is.EqualTo("6"));
            Assert.That(fs.GetAttributes(regular, out var old), Is.EqualTo(Errno.None));
            Assert.That((old.Kind, old.DeviceNumber), Is.EqualTo((NodeKind.File, 0UL)));
            Assert.That(fs.MakeNode(ReservedInodes.Vault, "sda", FileModes.BlockDevice | 0x1B0, 0x800, new CallerContext(0, 6, 1), out var made), Is.EqualTo(Errno.None));
            device = made.Inode;
        }
        using (var vault = Vault.Open(_dir))
        using (var fs = new VaultFileSystem(vault))
        {
            Assert.That(fs.Lookup(ReservedInodes.Vault, "sda", out var again), Is.EqualTo(Errno.None));
            Assert.That(again.Inode, Is.EqualTo(device));
            Assert.That((again.Mode, again.DeviceNumber, again.Uid, again.Gid), Is.EqualTo((FileModes.BlockDevice | 0x1B0, 0x800UL, 0u, 6u)));
            Assert.That(new Indra.Engine.Maintenance.VaultChecker(vault).Run(repair: false), Is.Empty, "fsck finds nothing wrong");
        }
    }
}
