using System.Text;

namespace Indra.FileSystem.Tests;

public sealed class NamespaceTests : VaultFileSystemFixture
{
    [Test]
    public void TheMountLayoutHasTheReservedInodes()
    {
        Assert.That(List(ReservedInodes.Root), Is.EqualTo(new[] { ".", "..", "vault", "peers", "realms", ".indra" }));
        Assert.That(Fs.Lookup(ReservedInodes.Root, "vault", out var vault), Is.EqualTo(Errno.None));
        Assert.That(vault.Inode, Is.EqualTo(ReservedInodes.Vault));
        Assert.That(Fs.Lookup(ReservedInodes.Root, ".indra", out var meta), Is.EqualTo(Errno.None));
        Assert.That(meta.Inode, Is.EqualTo(ReservedInodes.Meta));
        Assert.That(List(ReservedInodes.Meta), Is.SupersetOf(new[] { "attention.log", "heat.json", "peers.json", "player.json" }));
        Assert.That(Fs.GetAttributes(ReservedInodes.Peers, out var peers), Is.EqualTo(Errno.None));
        Assert.That(peers.Mode & 0x1FF, Is.EqualTo(0x140), "0500: the mounting user's only");
    }

    [Test]
    public void NewNodesGetInodesFromSixAndKeepThemAcrossSaves()
    {
        var inode = CreateFile(ReservedInodes.Vault, "a.txt", "one"u8.ToArray());
        Assert.That(inode, Is.GreaterThanOrEqualTo(ReservedInodes.FirstVaultNode));
        Assert.That(Fs.Open(inode, OpenFlags.WriteOnly | OpenFlags.Truncate, Caller, out var open), Is.EqualTo(Errno.None));
        Fs.Write(inode, open.Handle, 0, "two"u8, out _);
        Fs.Release(inode, open.Handle);
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "a.txt", out var again), Is.EqualTo(Errno.None));
        Assert.That(again.Inode, Is.EqualTo(inode));
        Assert.That(Encoding.UTF8.GetString(ReadAll(inode)), Is.EqualTo("two"));
    }

    [Test]
    public void AnUnlinkedFileLivesUntilItsLookupCountReachesZero()
    {
        var inode = CreateFile(ReservedInodes.Vault, "doomed", "bytes"u8.ToArray());
        Assert.That(Fs.Unlink(ReservedInodes.Vault, "doomed"), Is.EqualTo(Errno.None));
        Assert.That(Fs.Lookup(ReservedInodes.Vault, "doomed", out _), Is.EqualTo(Errno.ENOENT));
        Assert.That(Fs.GetAttributes(inode, out var attributes), Is.EqualTo(Errno.None), "still looked up once (create)");
        Assert.That(attributes.LinkCount, Is.Zero);
        Fs.Forget(inode, 1);
        Assert.That(Fs.GetAttributes(inode, out _), Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    public void ListingResumesFromAnyCookieWhileEntriesChange()
    {
        for (var i = 0; i < 20; i++) CreateFile(ReservedInodes.Vault, $"f{i:00}", [(byte)i]);
        Assert.That(Fs.OpenDirectory(ReservedInodes.Vault, Caller, out var handle), Is.EqualTo(Errno.None));
        var seen = new List<string>();
        long cookie = 0;
        var calls = 0;
        while (true)
        {
            var got = 0;
            Fs.ReadDirectory(ReservedInodes.Vault, handle, cookie, false, (in DirectoryEntry e) =>
            {
                if (got == 1) return false;
                got++;
                seen.Add(e.Name);
                cookie = e.NextCookie;
                return true;
            });
            if (got == 0) break;
            if (++calls == 8)
            {
                Fs.Unlink(ReservedInodes.Vault, "f15");
                CreateFile(ReservedInodes.Vault, "late", [1]);
            }
        }
        Fs.ReleaseDirectory(ReservedInodes.Vault, handle);
        var expected = new[] { ".", ".." }.Concat(Enumerable.Range(0, 20).Where(i => i != 15).Select(i => $"f{i:00}")).Append("late");
        Assert.That(seen, Is.EqualTo(expected), "no entry skipped or repeated, removed ones gone, added ones at the end");
    }

    [Test]
    public void ReadDirectoryPlusTakesOneLookupPerAcceptedEntry()
    {
        var inode = CreateFile(ReservedInodes.Vault, "counted", [1]);
        Fs.Forget(inode, 1);
        Assert.That(Fs.OpenDirectory(ReservedInodes.Vault, Caller, out var handle), Is.EqualTo(Errno.None));
        Fs.ReadDirectory(ReservedInodes.Vault, handle, 0, true, (in DirectoryEntry e) => true);
        Fs.ReleaseDirectory(ReservedInodes.Vault, handle);
        Fs.Unlink(ReservedInodes.Vault, "counted");
        Assert.That(Fs.GetAttributes(inode, out _), Is.EqualTo(Errno.None), "the readdirplus reference keeps it");
        Fs.Forget(inode, 1);
        Assert.That(Fs.GetAttributes(inode, out _), Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    public void RenameFollowsPosix()
    {
        Assert.That(Fs.MakeDirectory(ReservedInodes.Vault, "d", 0x1ED, Caller, out var d), Is.EqualTo(Errno.None));
        Assert.That(Fs.MakeDirectory(d.Inode, "sub", 0x1ED, Caller, out var sub), Is.EqualTo(Errno.None));
        CreateFile(ReservedInodes.Vault, "a", [1]);
        CreateFile(ReservedInodes.Vault, "b", [2]);
        Assert.Multiple(() =>
        {
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.NoReplace), Is.EqualTo(Errno.EEXIST));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.Whiteout), Is.EqualTo(Errno.EINVAL));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.Exchange | RenameFlags.NoReplace), Is.EqualTo(Errno.EINVAL));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "none", RenameFlags.Exchange), Is.EqualTo(Errno.ENOENT));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "d", sub.Inode, "x", RenameFlags.Exchange), Is.EqualTo(Errno.ENOENT));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.Exchange), Is.EqualTo(Errno.None), "swapped");
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.Exchange), Is.EqualTo(Errno.None), "swapped back");
            Assert.That(Fs.Rename(ReservedInodes.Vault, "d", sub.Inode, "x", RenameFlags.None), Is.EqualTo(Errno.EINVAL));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "d", ReservedInodes.Vault, "a", RenameFlags.None), Is.EqualTo(Errno.ENOTDIR));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "d", RenameFlags.None), Is.EqualTo(Errno.EISDIR));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Peers, "a", RenameFlags.None), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Rename(ReservedInodes.Vault, "a", ReservedInodes.Vault, "b", RenameFlags.None), Is.EqualTo(Errno.None));
        });
        Assert.That(List(ReservedInodes.Vault), Is.EqualTo(new[] { ".", "..", "d", "b" }));
        Assert.That(Fs.Rename(ReservedInodes.Vault, "b", d.Inode, "moved", RenameFlags.None), Is.EqualTo(Errno.None));
        Assert.That(Fs.GetPath(sub.Inode, out var path), Is.EqualTo(Errno.None));
        Assert.That(path, Is.EqualTo("vault/d/sub"));
        Assert.That(Fs.Lookup(d.Inode, "moved", out var moved), Is.EqualTo(Errno.None));
        Assert.That(ReadAll(moved.Inode), Is.EqualTo(new byte[] { 1 }));
    }

    [Test]
    public void DirectoryLinkCountsFollowSubdirectories()
    {
        Fs.MakeDirectory(ReservedInodes.Vault, "p", 0x1ED, Caller, out var p);
        Fs.MakeDirectory(p.Inode, "c1", 0x1ED, Caller, out _);
        Fs.MakeDirectory(p.Inode, "c2", 0x1ED, Caller, out _);
        Fs.GetAttributes(p.Inode, out var attributes);
        Assert.That(attributes.LinkCount, Is.EqualTo(4));
        Assert.That(Fs.RemoveDirectory(ReservedInodes.Vault, "p"), Is.EqualTo(Errno.ENOTEMPTY));
        Fs.RemoveDirectory(p.Inode, "c1");
        Fs.GetAttributes(p.Inode, out attributes);
        Assert.That(attributes.LinkCount, Is.EqualTo(3));
    }
}
