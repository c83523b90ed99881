using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Maintenance;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

/// <summary>
/// The checker (<c>indra fsck</c>) and the garbage collector (<c>indra gc</c>) on a vault built through the engine's
/// tree, with damage written into its stores directly: the engine's side of what the filesystem layer's maintenance
/// tests check through a mount.
/// </summary>
public sealed class MaintenanceTests
{
    private const uint FileMode = 0x1A4; // 0644

    private static VaultNode File(Vault vault, string label, byte[] data) =>
        vault.Tree.CreateFile(vault.Tree.Root, label, vault.Content.Build(data, durable: false), FileMode, 0, 0)
        ?? throw new AssertionException($"{label} exists");

    [Test]
    public void WrongCountsDanglingReferencesAndOrphanBlocksAreFoundThenRepaired()
    {
        using var vault = Vault.CreateInMemory(1024);
        var file = File(vault, "a", new byte[3000]);
        vault.Tree.Flush();
        vault.Metadata.SetLeafReferenceCount(file.ArtifactId.Hash, 7);
        vault.Metadata.InsertRef(new RefRecord(Vault.RootInode, "ghost", 999, 424242));
        var row = vault.Metadata.GetNode(file.Inode)!;
        row.LinkCount = 5;
        vault.Metadata.UpdateNode(row);
        var orphan = new BlockHash(Blake3.Hash("orphan"u8));
        vault.ContentBlocks.Put(orphan, "orphan"u8, durable: false);

        var found = new VaultChecker(vault).Run(repair: false);
        Assert.That(found.Select(p => p.Kind), Is.EquivalentTo(new[]
        {
            FsckProblemKind.WrongLeafCount, FsckProblemKind.DanglingReference, FsckProblemKind.WrongLinkCount, FsckProblemKind.OrphanBlock,
        }));
        Assert.That(found, Has.None.Matches<FsckProblem>(p => p.Repaired));

        var repaired = new VaultChecker(vault).Run(repair: true);
        Assert.That(repaired, Has.All.Matches<FsckProblem>(p => p.Repaired));
        Assert.That(new VaultChecker(vault).Run(repair: false), Is.Empty, "clean after repair");
        Assert.That(vault.ContentBlocks.Contains(orphan), Is.False);
        Assert.That(vault.Tree.Resolve("a"), Is.Not.Null, "the file itself stays");
    }

    [Test]
    public void ACorruptBlockIsReportedWithTheFileItDamagesAndLeftAlone()
    {
        using var vault = Vault.CreateInMemory(1024);
        var data = Encoding.UTF8.GetBytes(new string('p', 900));
        File(vault, "precious", data);
        vault.Tree.Flush();
        var block = Blake3.Hash(data);
        ((MemoryBlockStore)vault.Blocks).Corrupt(block, new byte[900]);

        var problems = new VaultChecker(vault).Run(repair: true);
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Kind, Is.EqualTo(FsckProblemKind.CorruptBlock));
        Assert.That(problems[0].Repaired, Is.False, "a corrupt block cannot be repaired from this vault");
        Assert.That(problems[0].Description, Does.Contain("precious"));
    }

    [Test]
    public void GarbageCollectionReclaimsOnlyUnreferencedBlocks()
    {
        using var vault = Vault.CreateInMemory(1024);
        var kept = Encoding.UTF8.GetBytes(new string('k', 1000));
        File(vault, "kept", kept);
        vault.Tree.Flush();
        var unused = new BlockHash(Blake3.Hash(new byte[10]));
        vault.ContentBlocks.Put(unused, new byte[10], durable: false);

        Assert.That(GarbageCollector.Collect(vault), Is.EqualTo((1L, 10L)));
        Assert.That(vault.ContentBlocks.Contains(unused), Is.False);
        Assert.That(vault.ContentBlocks.Contains(new BlockHash(Blake3.Hash(kept))), Is.True);
        Assert.That(GarbageCollector.Collect(vault), Is.EqualTo((0L, 0L)), "nothing left to reclaim");
    }
}
