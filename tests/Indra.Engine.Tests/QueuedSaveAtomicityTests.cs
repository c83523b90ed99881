using System.Text;
using Indra.Engine.Vaults;
using Indra.Tests.Shared;

namespace Indra.Engine.Tests;

/// <summary>
/// A queued save (<see cref="VaultTree.SaveLeaf"/> without durability) is one unit no flush can split: while one
/// thread saves a file over and over, another flushes the queue in a tight loop and, after each flush, reads the
/// committed state through a separate read-only connection (what a crash at that moment would leave). No state may
/// name a leaf that has no <c>leaves</c> row: recovery's garbage collection would delete its blocks. A real race,
/// bounded by the number of snapshots: without the grouping it failed in about one run of five on two busy cores.
/// </summary>
public sealed class QueuedSaveAtomicityTests
{
    private const uint FileMode = 0x1A4; // 0644
    private const int Snapshots = 6000;
    private string _dir = null!;
    private Vault _vault = null!;

    [SetUp]
    public void OpenVault()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-atomic-" + Guid.NewGuid().ToString("N")[..8]);
        _vault = Vault.Create(_dir, blockSize: 1024);
    }

    [TearDown]
    public void CloseVault()
    {
        _vault.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void NoCommittedStateNamesALeafWithoutItsRow()
    {
        var tree = _vault.Tree;
        var file = tree.CreateFile(tree.Root, "hot.txt", _vault.Content.Build("version 0"u8, durable: false), FileMode, 0, 0)!;
        tree.Flush();
        using var probe = new CommittedStateProbe(Path.Combine(_dir, VaultLayout.MetadataFile), VaultTree.RootInode);
        Assert.That(probe.Problems(), Is.Empty, "the state before the race");

        // The saver builds each version (which reads the store under its lock but never commits) and saves it, which
        // only queues: every commit is a flush of this thread's, so each committed state stays until the probe has
        // read it.
        var stop = false;
        Exception? saverFailure = null;
        var saves = 0;
        var saver = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    var version = _vault.Content.Build(Encoding.UTF8.GetBytes($"version {++saves}"), durable: false);
                    file = tree.SaveLeaf(file, version, durable: false);
                }
            }
            catch (Exception e)
            {
                saverFailure = e;
            }
        });
        saver.Start();
        var problems = new List<string>();
        for (var snapshot = 0; snapshot < Snapshots && problems.Count == 0 && saver.IsAlive; snapshot++)
        {
            tree.Flush();
            problems.AddRange(probe.Problems());
        }
        Volatile.Write(ref stop, true);
        saver.Join();
        tree.Flush();
        problems.AddRange(probe.Problems());

        Assert.That(saverFailure, Is.Null);
        Assert.That(problems, Is.Empty, $"a committed state breaks the tree's rules ({probe.Snapshots} snapshots, {saves} saves)");
        Assert.That(tree.GetNode(file.Inode)!.ArtifactId, Is.EqualTo(file.ArtifactId), "the last save landed");
    }
}
