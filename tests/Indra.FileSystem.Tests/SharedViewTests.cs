using System.Text;

namespace Indra.FileSystem.Tests;

public sealed class SharedViewTests : VaultFileSystemFixture
{
    private DictionarySharedViews _views = null!;

    [SetUp]
    public void AttachViews()
    {
        _views = new DictionarySharedViews();
        _views.Put(ShareScope.Peer, "zephyr", "notes", null);
        _views.Put(ShareScope.Peer, "zephyr", "notes/shared.md", "hello from zephyr"u8.ToArray());
        _views.Put(ShareScope.Realm, "aurora", "spec.md", "spec"u8.ToArray());
        Fs.AttachSharedViews(_views);
    }

    [Test]
    public void PeersAndRealmsShowWhatWasGranted()
    {
        Assert.That(List(ReservedInodes.Peers), Is.EqualTo(new[] { ".", "..", "zephyr" }));
        Assert.That(Fs.Lookup(ReservedInodes.Peers, "zephyr", out var peer), Is.EqualTo(Errno.None));
        Assert.That(List(peer.Inode), Is.EqualTo(new[] { ".", "..", "notes" }));
        Assert.That(Fs.Lookup(peer.Inode, "notes", out var notes), Is.EqualTo(Errno.None));
        Assert.That(notes.Mode & 0xFFF, Is.EqualTo(0x140), "folders 0500: the mounting user's only");
        Assert.That(Fs.Lookup(notes.Inode, "shared.md", out var file), Is.EqualTo(Errno.None));
        Assert.That(file.Mode & 0xFFF, Is.EqualTo(0x100), "files 0400: the mounting user's only");
        Assert.That((file.Uid, file.Gid), Is.EqualTo((Indra.Engine.Interop.CurrentUser.Uid, Indra.Engine.Interop.CurrentUser.Gid)), "owned by the mounting user");
        Assert.That(Encoding.UTF8.GetString(ReadAll(file.Inode)), Is.EqualTo("hello from zephyr"));
        Assert.That(Fs.GetPath(file.Inode, out var path), Is.EqualTo(Errno.None));
        Assert.That(path, Is.EqualTo("peers/zephyr/notes/shared.md"));
        Assert.That(Fs.GetExtendedAttribute(file.Inode, "user.indra.access_mode", out var mode), Is.EqualTo(Errno.None));
        Assert.That(Encoding.UTF8.GetString(mode), Is.EqualTo("Revocable"));
        Assert.That(Fs.Lookup(ReservedInodes.Realms, "aurora", out var realm), Is.EqualTo(Errno.None));
        Assert.That(List(realm.Inode), Is.EqualTo(new[] { ".", "..", "spec.md" }));
    }

    [Test]
    public void AnOpenHandleReadsTheVersionItOpenedUntilReleased()
    {
        Fs.Lookup(ReservedInodes.Realms, "aurora", out var realm);
        Fs.Lookup(realm.Inode, "spec.md", out var file);
        Assert.That(Fs.Open(file.Inode, OpenFlags.ReadOnly, Caller, out var open), Is.EqualTo(Errno.None));
        Assert.That(_views.OpenFiles, Is.EqualTo(1), "the open pinned a version");
        var first = new byte[2];
        Assert.That(Fs.Read(file.Inode, open.Handle, 0, first, out _), Is.EqualTo(Errno.None));

        _views.Put(ShareScope.Realm, "aurora", "spec.md", "SPEC v2"u8.ToArray());
        var rest = new byte[16];
        Assert.That(Fs.Read(file.Inode, open.Handle, 2, rest, out var read), Is.EqualTo(Errno.None));
        Assert.That(Encoding.UTF8.GetString(first) + Encoding.UTF8.GetString(rest, 0, read), Is.EqualTo("spec"), "one version through one handle");
        Assert.That(Fs.GetAttributes(file.Inode, out var attributes), Is.EqualTo(Errno.None));
        Assert.That(attributes.Size, Is.EqualTo(7), "attributes show the current version");
        Assert.That(Encoding.UTF8.GetString(ReadAll(file.Inode)), Is.EqualTo("SPEC v2"), "a fresh open reads the new version");
        Assert.That(open.DirectIo, Is.False, "the only version open goes through the page cache");
        Assert.That(Fs.Open(file.Inode, OpenFlags.ReadOnly, Caller, out var newer), Is.EqualTo(Errno.None));
        Assert.That(newer.DirectIo, Is.True, "another version is open: this one bypasses the inode's page cache");

        Assert.That(Fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(Fs.Release(file.Inode, newer.Handle), Is.EqualTo(Errno.None));
        Assert.That(_views.OpenFiles, Is.EqualTo(0), "release unpins");
        Assert.That(Fs.Open(file.Inode, OpenFlags.ReadOnly, Caller, out var alone), Is.EqualTo(Errno.None));
        Assert.That(alone.DirectIo, Is.False, "alone again once the old version's handle closed");
        Fs.Release(file.Inode, alone.Handle);
    }

    [Test]
    public void SharedViewsRefuseEveryWrite()
    {
        Fs.Lookup(ReservedInodes.Peers, "zephyr", out var peer);
        Fs.Lookup(peer.Inode, "notes", out var notes);
        Fs.Lookup(notes.Inode, "shared.md", out var file);
        Assert.Multiple(() =>
        {
            Assert.That(Fs.Open(file.Inode, OpenFlags.WriteOnly, Caller, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Create(notes.Inode, "new", 0x1A4, OpenFlags.WriteOnly, Caller, out _, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Unlink(notes.Inode, "shared.md"), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.MakeDirectory(peer.Inode, "d", 0x1ED, Caller, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Rename(notes.Inode, "shared.md", ReservedInodes.Vault, "stolen", RenameFlags.None), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.SetAttributes(file.Inode, new SetAttributesRequest { Fields = SetAttributeFields.Size }, null, Caller, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.SetExtendedAttribute(file.Inode, "user.x", "1"u8, XattrFlags.None), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Link(file.Inode, ReservedInodes.Vault, "linked", out _), Is.EqualTo(Errno.EXDEV));
        });
    }

    [Test]
    public void RecalledEntriesDisappearAndTheHostIsTold()
    {
        var sink = new RecordingSink();
        Fs.SetInvalidationSink(sink);
        Fs.Lookup(ReservedInodes.Peers, "zephyr", out var peer);
        Fs.Lookup(peer.Inode, "notes", out var notes);
        Fs.Lookup(notes.Inode, "shared.md", out var file);
        _views.Remove(ShareScope.Peer, "zephyr", "notes/shared.md");
        Assert.That(Fs.Lookup(notes.Inode, "shared.md", out _), Is.EqualTo(Errno.ENOENT));
        Assert.That(Fs.GetAttributes(file.Inode, out _), Is.EqualTo(Errno.ENOENT));
        Assert.That(sink.Entries, Does.Contain((notes.Inode, "shared.md")));
        Assert.That(sink.Inodes, Does.Contain(file.Inode));
    }

    [Test]
    public void HeatCountsPeersTheSharingProtocolReports()
    {
        var inode = CreateFile(ReservedInodes.Vault, "seen.md", "x"u8.ToArray());
        ReadAll(inode);
        Fs.AttachPeerAttention(() => new Dictionary<string, int> { ["vault/seen.md"] = 2 });
        Fs.Lookup(ReservedInodes.Meta, "heat.json", out var heat);
        using var json = System.Text.Json.JsonDocument.Parse(ReadAll(heat.Inode));
        Assert.That(json.RootElement.GetProperty("vault/seen.md").GetProperty("unique_peers").GetInt32(), Is.EqualTo(3), "the player and two peers");
    }

    private sealed class RecordingSink : IInvalidationSink
    {
        public List<ulong> Inodes { get; } = new();

        public List<(ulong, string)> Entries { get; } = new();

        public void InvalidateInode(ulong inode) => Inodes.Add(inode);

        public void InvalidateEntry(ulong parent, string name) => Entries.Add((parent, name));
    }
}
