using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;

namespace Indra.Engine.Tests;

/// <summary>
/// The compact <see cref="VaultNode"/> (issue 15: bytes per cached inode): a directory's next position and a device
/// node's device number share one field, the mode is two bytes; each still reads back what was stored, in memory and
/// through a vault file.
/// </summary>
public sealed class VaultNodeTests
{
    private string _dir = null!;
    private Vault _vault = null!;

    [SetUp]
    public void OpenVault()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-node-" + Guid.NewGuid().ToString("N")[..8]);
        _vault = Vault.Create(_dir, blockSize: 1024);
    }

    [TearDown]
    public void CloseVault()
    {
        _vault.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void ADirectoryKeepsItsNextPositionAndHasNoDeviceNumber()
    {
        var node = new VaultNode { NextPosition = 41, Kind = NodeKind.Directory };
        node.DeviceNumber = 0x0801;

        Assert.That(node.NextPosition, Is.EqualTo(41));
        Assert.That(node.DeviceNumber, Is.Zero);
        Assert.That(node.Clone().NextPosition, Is.EqualTo(41));
    }

    [Test]
    public void ADeviceNodeKeepsItsNumberAndHasTheFirstPosition()
    {
        var node = new VaultNode { Kind = NodeKind.BlockDevice, DeviceNumber = 0x0000_0123_0000_0801 };
        node.NextPosition = 99;

        Assert.That(node.DeviceNumber, Is.EqualTo(0x0000_0123_0000_0801UL));
        Assert.That(node.NextPosition, Is.EqualTo(1));

        node.Kind = NodeKind.File;
        Assert.That(node.DeviceNumber, Is.Zero);
        Assert.That(node.NextPosition, Is.EqualTo(1));
    }

    [Test]
    public void AModeBeyondSixteenBitsIsRefused()
    {
        var node = new VaultNode { Mode = 0xFFFF };

        Assert.That(node.Mode, Is.EqualTo(0xFFFFu));
        Assert.That(() => node.Mode = 0x1_0000, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(node.Mode, Is.EqualTo(0xFFFFu));
    }

    [Test]
    public void StoredNodesReadBackEveryField()
    {
        var tree = _vault.Tree;
        var device = VaultNode.New(NodeKind.CharacterDevice, 0x1B6, 1000, 100, 1_700_000_000_123_456_789, new ArtifactId(LeafVersion.Empty.Id), "Device");
        device.DeviceNumber = 0x0000_0004_0000_0501;
        var deviceInode = tree.InsertLeaf(device, LeafVersion.Empty);
        var directory = VaultNode.New(NodeKind.Directory, 0xFED, 1000, 100, 1_700_000_000_000_000_001, VaultTree.NewTreeId(), "Collection");
        directory.NextPosition = 12_345;
        var directoryInode = tree.InsertNode(directory);
        tree.Flush();

        var readDevice = tree.GetNode(deviceInode)!;
        var readDirectory = tree.GetNode(directoryInode)!;

        Assert.That(readDevice.Kind, Is.EqualTo(NodeKind.CharacterDevice));
        Assert.That(readDevice.DeviceNumber, Is.EqualTo(0x0000_0004_0000_0501UL));
        Assert.That(readDevice.Mode, Is.EqualTo(0x1B6u));
        Assert.That((readDevice.Uid, readDevice.Gid), Is.EqualTo((1000u, 100u)));
        Assert.That(readDevice.BirthTimeNs, Is.EqualTo(1_700_000_000_123_456_789));
        Assert.That(readDirectory.Kind, Is.EqualTo(NodeKind.Directory));
        Assert.That(readDirectory.NextPosition, Is.EqualTo(12_345));
        Assert.That(readDirectory.DeviceNumber, Is.Zero);
        Assert.That(readDirectory.Mode, Is.EqualTo(0xFEDu));
        Assert.That(readDirectory.TypeTag, Is.EqualTo("Collection"));
    }
}
