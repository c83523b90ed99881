using System.Text;
using Indra.FileSystem.Virtual;

namespace Indra.FileSystem.Tests;

/// <summary>
/// Inode numbers of /peers and /realms entries follow the kernel's lookup counts: names that do not exist allocate
/// nothing, forgotten entries leave the held count where it was and the table within its idle limit, a name looked
/// up again after its number was dropped gets a new working number (never a reused one), and readdirplus entries
/// take references that forget gives back.
/// </summary>
public sealed class SharedViewInodeTests : VaultFileSystemFixture
{
    private DictionarySharedViews _views = null!;
    private ulong _notes;

    [SetUp]
    public void AttachViews()
    {
        _views = new DictionarySharedViews();
        _views.Put(ShareScope.Peer, "zephyr", "notes", null);
        _views.Put(ShareScope.Peer, "zephyr", "notes/shared.md", "hello from zephyr"u8.ToArray());
        Fs.AttachSharedViews(_views);
        Assert.That(Fs.Lookup(ReservedInodes.Peers, "zephyr", out var peer), Is.EqualTo(Errno.None));
        Assert.That(Fs.Lookup(peer.Inode, "notes", out var notes), Is.EqualTo(Errno.None));
        _notes = notes.Inode;
    }

    [Test]
    public void LookupsOfNamesThatDoNotExist_AllocateNoInode()
    {
        var before = Fs.SharedNodeCount;
        for (var i = 0; i < 10_000; i++)
        {
            Assert.That(Fs.Lookup(_notes, $"missing-{i}.md", out _), Is.EqualTo(Errno.ENOENT));
            Assert.That(Fs.Lookup(ReservedInodes.Peers, $"nobody-{i}", out _), Is.EqualTo(Errno.ENOENT));
        }
        Assert.That(Fs.SharedNodeCount, Is.EqualTo(before));
    }

    [Test]
    public void ManyEntriesLookedUpAndForgotten_GiveBackEveryReference_AndTheTableStaysWithinItsIdleLimit()
    {
        const int files = SharedNodeTable.DefaultIdleLimit + 5_000;
        for (var i = 0; i < files; i++) _views.Put(ShareScope.Peer, "zephyr", $"notes/f{i}", Encoding.UTF8.GetBytes($"file {i}"));
        var held = Fs.HeldSharedNodeCount;
        var count = Fs.SharedNodeCount;
        var numbers = new ulong[files];
        for (var i = 0; i < files; i++)
        {
            Assert.That(Fs.Lookup(_notes, $"f{i}", out var attributes), Is.EqualTo(Errno.None));
            numbers[i] = attributes.Inode;
        }
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held + files));
        for (var i = 0; i < files; i++) Fs.Forget(numbers[i], 1);

        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held), "every reference the lookups took is given back");
        Assert.That(Fs.SharedNodeCount, Is.LessThanOrEqualTo(count + SharedNodeTable.DefaultIdleLimit), "idle entries beyond the limit are dropped");
        Assert.That(Fs.GetAttributes(numbers[0], out _), Is.EqualTo(Errno.ENOENT), "the oldest idle number is gone");
        Assert.That(Fs.GetAttributes(numbers[^1], out _), Is.EqualTo(Errno.None), "a recently idle number still answers");

        Assert.That(Fs.Lookup(_notes, "f0", out var again), Is.EqualTo(Errno.None));
        Assert.That(again.Inode, Is.Not.EqualTo(numbers[0]), "a dropped number is not reused (its generation stays 1)");
        Assert.That(again.Inode, Is.GreaterThan(numbers[^1]));
        Assert.That(again.Generation, Is.EqualTo(1UL));
        Assert.That(Encoding.UTF8.GetString(ReadAll(again.Inode)), Is.EqualTo("file 0"));
        Assert.That(Fs.GetPath(again.Inode, out var path), Is.EqualTo(Errno.None));
        Assert.That(path, Is.EqualTo("peers/zephyr/notes/f0"));
    }

    [Test]
    public void AnEntryHeldTwice_StaysUntilItsLastReferenceIsForgotten()
    {
        Assert.That(Fs.Lookup(_notes, "shared.md", out var first), Is.EqualTo(Errno.None));
        Assert.That(Fs.Lookup(_notes, "shared.md", out var second), Is.EqualTo(Errno.None));
        Assert.That(second.Inode, Is.EqualTo(first.Inode), "one number while held");
        var held = Fs.HeldSharedNodeCount;
        Fs.Forget(first.Inode, 1);
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held), "one reference left");
        Fs.Forget(first.Inode, 1);
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held - 1));
        Fs.Forget(first.Inode, 5);
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held - 1), "a forget past zero changes nothing");
    }

    [Test]
    public void AForgottenFolder_StillServesAsAParent_AsProjFsUsesIt()
    {
        // ProjFS drops each lookup reference at once and goes on with the number (VaultNodeResolver).
        Assert.That(Fs.Lookup(ReservedInodes.Peers, "zephyr", out var peer), Is.EqualTo(Errno.None));
        Fs.Forget(peer.Inode, 2); // this lookup's and the set-up's
        Assert.That(Fs.Lookup(peer.Inode, "notes", out var notes), Is.EqualTo(Errno.None));
        Fs.Forget(notes.Inode, 2);
        Assert.That(Fs.Lookup(notes.Inode, "shared.md", out var file), Is.EqualTo(Errno.None));
        Fs.Forget(file.Inode, 1);
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(0));
        Assert.That(Encoding.UTF8.GetString(ReadAll(file.Inode)), Is.EqualTo("hello from zephyr"));
        Assert.That(List(notes.Inode), Is.EqualTo(new[] { ".", "..", "shared.md" }));
    }

    [Test]
    public void ReaddirplusEntries_TakeOneReferenceEach_AndPlainReaddirNone()
    {
        for (var i = 0; i < 10; i++) _views.Put(ShareScope.Peer, "zephyr", $"notes/p{i}", [(byte)i]);
        var held = Fs.HeldSharedNodeCount;
        Assert.That(ListInodes(_notes, plus: false), Has.Count.EqualTo(11));
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held), "plain readdir takes no reference");

        var counted = ListInodes(_notes, plus: true);
        Assert.That(counted, Has.Count.EqualTo(11));
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held + 11));
        foreach (var inode in counted) Fs.Forget(inode, 1);
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held));

        // An entry the sink refuses takes no reference either.
        Assert.That(Fs.OpenDirectory(_notes, Caller, out var handle), Is.EqualTo(Errno.None));
        var accepted = 0;
        Fs.ReadDirectory(_notes, handle, 0, true, (in DirectoryEntry entry) => entry.Name is "." or ".." || accepted++ < 3);
        Fs.ReleaseDirectory(_notes, handle);
        Assert.That(Fs.HeldSharedNodeCount, Is.EqualTo(held + 3));
    }

    /// <summary>The inode numbers of the entries of <paramref name="directory"/> but "." and "..", read in one call.</summary>
    private List<ulong> ListInodes(ulong directory, bool plus)
    {
        Assert.That(Fs.OpenDirectory(directory, Caller, out var handle), Is.EqualTo(Errno.None));
        var inodes = new List<ulong>();
        Assert.That(Fs.ReadDirectory(directory, handle, 0, plus, (in DirectoryEntry entry) =>
        {
            if (entry.Name is not "." and not "..") inodes.Add(entry.Attributes.Inode);
            return true;
        }), Is.EqualTo(Errno.None));
        Fs.ReleaseDirectory(directory, handle);
        return inodes;
    }
}
