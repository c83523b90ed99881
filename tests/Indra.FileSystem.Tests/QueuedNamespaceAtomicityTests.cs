using System.Text;
using Indra.Engine.Vaults;
using Indra.Tests.Shared;

namespace Indra.FileSystem.Tests;

/// <summary>
/// Each namespace change (rename, exchange, link, unlink, a save at close) queues several writes; they are one unit
/// no flush can split. One thread changes a vault on a real SQLite file over and over while another flushes the queue
/// in a tight loop and, after each flush, reads the committed state through a separate read-only connection (what a
/// crash at that moment would leave): references, link counts and leaves must agree in every state.
/// </summary>
public sealed class QueuedNamespaceAtomicityTests
{
    private static readonly CallerContext Caller = new(1000, 1000, 1);
    private const int Rounds = 600;
    private string _dir = null!;
    private Vault _vault = null!;
    private VaultFileSystem _fs = null!;

    [SetUp]
    public void Mount()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-atomic-fs-" + Guid.NewGuid().ToString("N")[..8]);
        _vault = Vault.Create(_dir, blockSize: 1024);
        _fs = new VaultFileSystem(_vault);
    }

    [TearDown]
    public void Unmount()
    {
        _fs.Dispose();
        _vault.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private ulong MakeDirectory(ulong parent, string name)
    {
        Assert.That(_fs.MakeDirectory(parent, name, 0x1ED, Caller, out var attributes), Is.EqualTo(Errno.None));
        return attributes.Inode;
    }

    private ulong WriteFile(ulong parent, string name, string text)
    {
        Assert.That(_fs.Create(parent, name, 0x1A4, OpenFlags.WriteOnly | OpenFlags.Truncate, Caller, out var attributes, out var open), Is.EqualTo(Errno.None));
        Assert.That(_fs.Write(attributes.Inode, open.Handle, 0, Encoding.UTF8.GetBytes(text), out _), Is.EqualTo(Errno.None));
        Assert.That(_fs.Release(attributes.Inode, open.Handle), Is.EqualTo(Errno.None));
        return attributes.Inode;
    }

    /// <summary>One round of changes, each queueing several writes; the tree is as before at its end, but for contents.</summary>
    private void ChangeRound(int round, ulong left, ulong right, ulong file)
    {
        Errno Check(Errno result) => result == Errno.None ? result : throw new InvalidOperationException($"round {round}: {result}");
        // A directory moves across trees and back: both parents' link counts follow it.
        Check(_fs.Rename(left, "sub", right, "sub", RenameFlags.None));
        Check(_fs.Rename(right, "sub", left, "sub", RenameFlags.None));
        // A hard link comes and goes: the file's link count follows its references.
        Check(_fs.Link(file, right, "alias", out _));
        Check(_fs.Unlink(right, "alias"));
        // A file replaces another (which loses its last link), then a directory and a file swap
        // trees and back.
        WriteFile(right, "victim", $"victim {round}");
        Check(_fs.Rename(left, "data.txt", right, "victim", RenameFlags.None));
        Check(_fs.Rename(right, "victim", left, "data.txt", RenameFlags.None));
        Check(_fs.Rename(left, "sub", right, "other.txt", RenameFlags.Exchange));
        Check(_fs.Rename(left, "sub", right, "other.txt", RenameFlags.Exchange));
        // A save at close: the node names the new leaf only together with that leaf's row.
        Check(_fs.Open(file, OpenFlags.WriteOnly | OpenFlags.Truncate, Caller, out var open));
        Check(_fs.Write(file, open.Handle, 0, Encoding.UTF8.GetBytes($"content {round}"), out _));
        Check(_fs.Release(file, open.Handle));
    }

    [Test]
    public void NoCommittedStateSplitsANamespaceChange()
    {
        var left = MakeDirectory(ReservedInodes.Vault, "left");
        var right = MakeDirectory(ReservedInodes.Vault, "right");
        MakeDirectory(left, "sub");
        var file = WriteFile(left, "data.txt", "content");
        WriteFile(right, "other.txt", "other");
        _vault.Tree.Flush();
        using var probe = new CommittedStateProbe(Path.Combine(_dir, VaultLayout.MetadataFile), VaultTree.RootInode);
        Assert.That(probe.Problems(), Is.Empty, "the state before the race");

        using var done = new ManualResetEventSlim();
        Exception? changeFailure = null;
        var changer = new Thread(() =>
        {
            try
            {
                for (var round = 0; round < Rounds; round++) ChangeRound(round, left, right, file);
            }
            catch (Exception e)
            {
                changeFailure = e;
            }
            finally
            {
                done.Set();
            }
        });
        changer.Start();
        var problems = new List<string>();
        while (!done.IsSet && problems.Count == 0)
        {
            _vault.Tree.Flush();
            problems.AddRange(probe.Problems());
        }
        changer.Join();
        _vault.Tree.Flush();
        problems.AddRange(probe.Problems());

        Assert.That(changeFailure, Is.Null);
        Assert.That(problems, Is.Empty, $"a committed state breaks the tree's rules (after {probe.Snapshots} snapshots)");
        Assert.That(_fs.Lookup(left, "data.txt", out var data), Is.EqualTo(Errno.None));
        Assert.That(data.Inode, Is.EqualTo(file));
    }
}
