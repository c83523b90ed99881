using Indra.Engine.Maintenance;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.FileSystem.Tests;

/// <summary>fsck finds and repairs broken counts, references and orphans; gc reclaims unused blocks.</summary>
public sealed class MaintenanceTests : VaultFileSystemFixture
{
    [Test]
    public void ACleanVaultChecksClean()
    {
        CreateFile(ReservedInodes.Vault, "a", new byte[5000]);
        Fs.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out var d);
        CreateFile(d.Inode, "b", [1, 2, 3]);
        Fs.FlushAll();
        var checker = new VaultChecker(Vault);
        Assert.That(checker.Run(repair: false), Is.Empty);
        Assert.That(checker.BlocksChecked, Is.EqualTo(6), "with 1 KiB blocks: four zero blocks, one per position (docs/blocks.md), a zero tail, and [1, 2, 3]");
    }

    [Test]
    public void WrongCountsAndDanglingReferencesAreFoundAndRepaired()
    {
        var inode = CreateFile(ReservedInodes.Vault, "a", new byte[3000]);
        Fs.FlushAll();
        var leaf = Vault.Metadata.GetNode((long)inode)!.ArtifactId;
        Vault.Metadata.SetLeafReferenceCount(leaf, 7);
        Vault.Metadata.InsertRef(new RefRecord((long)ReservedInodes.Vault, "ghost", 999, 424242));
        var node = Vault.Metadata.GetNode((long)inode)!;
        node.LinkCount = 5;
        Vault.Metadata.UpdateNode(node);
        var orphan = Blake3.Hash("orphan"u8);
        Vault.Blocks.Put(orphan, "orphan"u8, durable: false);

        var found = new VaultChecker(Vault).Run(repair: false);
        Assert.That(found.Select(p => p.Kind), Is.SupersetOf(new[]
        {
            FsckProblemKind.WrongLeafCount, FsckProblemKind.DanglingReference, FsckProblemKind.WrongLinkCount, FsckProblemKind.OrphanBlock,
        }));
        Assert.That(found.All(p => !p.Repaired), Is.True);

        var repaired = new VaultChecker(Vault).Run(repair: true);
        Assert.That(repaired, Has.All.Matches<FsckProblem>(p => p.Repaired));
        Assert.That(new VaultChecker(Vault).Run(repair: false), Is.Empty, "clean after --repair");
        Assert.That(Vault.Blocks.Contains(orphan), Is.False);
    }

    [Test]
    public void CorruptBlocksAreReportedWithTheFilesTheyDamage()
    {
        var data = new byte[1000];
        new Random(3).NextBytes(data);
        CreateFile(ReservedInodes.Vault, "precious", data);
        Fs.FlushAll();
        var block = Blake3.Hash(data);
        ((Indra.Storage.Blocks.MemoryBlockStore)Vault.Blocks).Corrupt(block, new byte[1000]);
        var problems = new VaultChecker(Vault).Run(repair: true);
        Assert.That(problems.Single().Kind, Is.EqualTo(FsckProblemKind.CorruptBlock));
        Assert.That(problems.Single().Repaired, Is.False);
        Assert.That(problems.Single().Description, Does.Contain("vault/precious"));
    }

    [Test]
    public void GarbageCollectionReclaimsOnlyUnusedBlocks()
    {
        CreateFile(ReservedInodes.Vault, "kept", new byte[1000]);
        var unused = Blake3.Hash(new byte[10]);
        Vault.Blocks.Put(unused, new byte[10], durable: false);
        var (blocks, bytes) = GarbageCollector.Collect(Vault);
        Assert.That((blocks, bytes), Is.EqualTo((1L, 10L)));
        Assert.That(Vault.Blocks.Contains(Blake3.Hash(new byte[1000])), Is.True);
    }
}
