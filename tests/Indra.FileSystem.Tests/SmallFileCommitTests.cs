using Indra.Hashing;

namespace Indra.FileSystem.Tests;

/// <summary>
/// The commit of small files: a one-block file written in order is stored from its assembly buffer, a symlink's rows
/// join the queue of tree writes (its target's block pinned until they commit), and a file stored as git stores an
/// object (temporary name, link, unlink, release) is released without waiting for the store's lock.
/// </summary>
public sealed class SmallFileCommitTests : VaultFileSystemFixture
{
    protected override int BlockSize => 1 << 20;

    [Test]
    public void AOneBlockFileWrittenInOrderCommitsWithoutAStagingFile()
    {
        // Larger than the staging buffer keeps in memory: copied into it at commit, it would have spilled to a file.
        var data = new byte[600_000];
        new Random(5).NextBytes(data);
        Assert.That(Fs.Create(ReservedInodes.Vault, "f", 0x1A4, OpenFlags.ReadWrite, Caller, out var attributes, out var open), Is.EqualTo(Errno.None));
        var inode = attributes.Inode;
        for (var offset = 0; offset < data.Length; offset += 4096)
        {
            Assert.That(Fs.Write(inode, open.Handle, offset, data.AsSpan(offset, Math.Min(4096, data.Length - offset)), out _), Is.EqualTo(Errno.None));
        }
        Assert.That(Fs.Flush(inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(Directory.EnumerateFiles(Vault.StagingDirectory), Is.Empty, "the commit staged nothing");
        var back = new byte[data.Length];
        Assert.That(Fs.Read(inode, open.Handle, 0, back, out var read), Is.EqualTo(Errno.None));
        Assert.That(back.AsSpan(0, read).SequenceEqual(data), Is.True, "read through the open handle after the commit");
        Assert.That(Fs.Release(inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(Fs.GetExtendedAttribute(inode, "user.indra.id", out var id), Is.EqualTo(Errno.None));
        Assert.That(System.Text.Encoding.ASCII.GetString(id), Is.EqualTo(Blake3.Hash(data).ToString()));

        Fs.Dispose();
        using var remounted = new VaultFileSystem(Vault);
        Assert.That(remounted.Open(inode, OpenFlags.ReadOnly, Caller, out var again), Is.EqualTo(Errno.None));
        Assert.That(remounted.Read(inode, again.Handle, 0, back, out read), Is.EqualTo(Errno.None));
        Assert.That(back.AsSpan(0, read).SequenceEqual(data), Is.True, "read after a remount");
        remounted.Release(inode, again.Handle);
    }

    [Test]
    public void AReleaseAfterTheFirstNameWasLinkedAndUnlinkedWaitsForNoStoreLock()
    {
        // As git stores an object: a temporary name, linked to the final one, then unlinked, and the handle's release
        // after that. The node's name comes from memory; looking its references up would wait for the store's lock,
        // which a write-behind batch holds while it runs (here another thread holds it throughout).
        Assert.That(Fs.Create(ReservedInodes.Vault, "tmp_obj", 0x124, OpenFlags.ReadWrite, Caller, out var attributes, out var open), Is.EqualTo(Errno.None));
        var inode = attributes.Inode;
        Assert.That(Fs.Link(inode, ReservedInodes.Vault, "final", out _), Is.EqualTo(Errno.None));
        Assert.That(Fs.Unlink(ReservedInodes.Vault, "tmp_obj"), Is.EqualTo(Errno.None));
        using var held = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            lock (Vault.Metadata.SyncRoot)
            {
                held.Set();
                done.Wait();
            }
        });
        holder.Start();
        held.Wait();
        try
        {
            var release = Task.Run(() => Fs.Release(inode, open.Handle));
            Assert.That(release.Wait(TimeSpan.FromSeconds(10)), Is.True, "the release waited for the store's lock");
            Assert.That(release.Result, Is.EqualTo(Errno.None));
        }
        finally
        {
            done.Set();
            holder.Join();
        }
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "final", out var found), Is.EqualTo(Errno.None));
        Assert.That(found.Inode, Is.EqualTo(inode));
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "tmp_obj", out _), Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    public void AnAppendAfterACommitKeepsTheCommittedBytes()
    {
        Assert.That(Fs.Create(ReservedInodes.Vault, "f", 0x1A4, OpenFlags.ReadWrite, Caller, out var attributes, out var open), Is.EqualTo(Errno.None));
        var inode = attributes.Inode;
        Assert.That(Fs.Write(inode, open.Handle, 0, "first "u8, out _), Is.EqualTo(Errno.None));
        Assert.That(Fs.Flush(inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(Fs.Write(inode, open.Handle, 6, "second"u8, out _), Is.EqualTo(Errno.None));
        Assert.That(Fs.Release(inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(ReadAll(inode), Is.EqualTo("first second"u8.ToArray()));
    }

    [Test]
    public void ASymlinkWhoseTargetWasAnUnlinkedFilesContentSurvivesARemount()
    {
        // The file's leaf and the symlink's are one leaf (same bytes): the unlink releases it while the symlink's
        // rows wait in the queue, whose block must still be there when they land.
        const string target = "some/where/else";
        CreateFile(ReservedInodes.Vault, "a", System.Text.Encoding.UTF8.GetBytes(target));
        Assert.That(Fs.Unlink(ReservedInodes.Vault, "a"), Is.EqualTo(Errno.None));
        Assert.That(Fs.SymLink(ReservedInodes.Vault, "l", target, Caller, out var link), Is.EqualTo(Errno.None));
        Assert.That(Fs.ReadLink(link.Inode, out var now), Is.EqualTo(Errno.None));
        Assert.That(now, Is.EqualTo(target));

        Fs.Dispose();
        using var remounted = new VaultFileSystem(Vault);
        Assert.That(remounted.Lookup(ReservedInodes.Vault, "l", out var found), Is.EqualTo(Errno.None));
        Assert.That(remounted.ReadLink(found.Inode, out var after), Is.EqualTo(Errno.None));
        Assert.That(after, Is.EqualTo(target));
        Assert.That(Vault.Content.Read(Vault.Content.Load(Blake3.Hash(System.Text.Encoding.UTF8.GetBytes(target)), target.Length), 0, new byte[target.Length]), Is.EqualTo(target.Length), "the target's block is stored");
    }
}
