using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Staging;
using Indra.FileSystem.Virtual;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem;

/// <summary>
/// The vault filesystem over an open <see cref="Vault"/>, with POSIX semantics returned as <see cref="Errno"/> values
/// (see <see cref="IVaultFileSystem"/>): the public face the platform hosts construct. It wires the parts (the inode
/// table, handles, the vault namespace, the write path, attributes, the xattr catalogue, /.indra and the shared views)
/// and passes every request to the <see cref="RequestRouter"/>. Thread-safe: namespace changes are serialized by one
/// lock, content operations by a lock per inode, and reads of committed content run in parallel. Expected failures are
/// returned; an exception is a bug and reaches the host, which answers EIO.
/// </summary>
public sealed class VaultFileSystem : IVaultFileSystem
{
    /// <summary>
    /// Largest file size in bytes: 16 TiB - 4 KiB, ext4's limit with 4 KiB blocks, so programs see the answers they
    /// get on ext4 (EFBIG beyond it). Holes cost no memory or storage but are hashed (in the background) for the file's
    /// id, so the limit also keeps that work finite: a file of this size is hashed in hours on one core.
    /// </summary>
    public const long MaxFileSize = (16L << 40) - 4096;

    /// <summary>Most bytes one copy_file_range request moves through the daemon when the ranges are not block-aligned
    /// to each other (a short count; the caller loops, as copy_file_range(2) allows).</summary>
    public const long CopyBytesPerRequest = 64L << 20;

    /// <summary>Largest extended attribute value in bytes (Linux XATTR_SIZE_MAX): E2BIG beyond.</summary>
    public const int MaxXattrSize = 65536;

    /// <summary>Longest extended attribute name in bytes of UTF-8, prefix included (XATTR_NAME_MAX): ERANGE beyond.</summary>
    public const int MaxXattrNameBytes = 255;

    /// <summary>
    /// Longest name list one node's listxattr(2) returns, in bytes with a NUL after each name (XATTR_LIST_MAX, the
    /// largest list Linux passes on): a setxattr that would make it longer is ENOSPC, so listing always works.
    /// </summary>
    public const int MaxXattrListBytes = 65536;

    /// <summary>Most bytes of stored attribute values one node holds (1 MiB): a setxattr beyond is ENOSPC.</summary>
    public const int MaxXattrValueBytesPerNode = 1 << 20;

    private readonly Vault _vault;
    private readonly InodeTable _inodes;
    private readonly HeapCompaction _compaction;
    private readonly MetaFileGenerator _metaFiles;
    private readonly SharedTree _shared;
    private readonly LeafIdResolver _ids;
    private readonly RequestRouter _router;
    private IInvalidationSink? _invalidation;
    private bool _disposed;

    /// <summary>Creates the filesystem over <paramref name="vault"/>, which stays owned by the caller.</summary>
    /// <param name="vault">The open vault: its tree, content and attention are served; its clock stamps every time
    /// the filesystem sets; its <see cref="Vault.Loggers"/> give each part a logger of its own category (problems are
    /// one warning each).</param>
    public VaultFileSystem(Vault vault)
    {
        _vault = vault;
        _compaction = new HeapCompaction(vault.Clock, vault.Loggers.CreateLogger<HeapCompaction>());
        _inodes = new InodeTable(vault.Tree, _compaction);
        _metaFiles = new MetaFileGenerator(vault);
        var handles = new HandleTable();
        _ids = new LeafIdResolver(vault, OnIdResolved, vault.Loggers.CreateLogger<LeafIdResolver>());
        var writes = new WritePath(_inodes, vault, _ids);
        var attributes = new VaultAttributes(_inodes, vault, writes);
        _shared = new SharedTree(handles, attributes.Root, () => _invalidation, vault.Loggers.CreateLogger<SharedTree>());
        var meta = new MetaTree(vault, _inodes, handles, attributes, _metaFiles);
        _router = new RequestRouter(vault, _inodes, handles, writes, attributes, meta, _shared);
        _ids.ResumeRecorded();
    }

    /// <summary>The vault this filesystem serves.</summary>
    public Vault Vault => _vault;

    /// <inheritdoc/>
    public void SetInvalidationSink(IInvalidationSink? sink) => _invalidation = sink;

    /// <inheritdoc/>
    public void AnnounceChange(ulong parent, string name)
    {
        var sink = _invalidation;
        if (sink is null) return;
        sink.InvalidateEntry(parent, name);
        sink.InvalidateInode(parent);
    }

    /// <inheritdoc/>
    public void AnnounceContentChange(ulong inode) => _invalidation?.InvalidateInode(inode);

    /// <summary>
    /// Serves /peers and /realms from <paramref name="views"/> (read-only: files 0444, folders 0555, EACCES on every
    /// write). Without views both folders are empty. Changes the views report are passed to the platform host as
    /// inode and entry invalidations.
    /// </summary>
    public void AttachSharedViews(ISharedViews views) => _shared.Attach(views);

    /// <summary>Entries of /peers and /realms that have an inode number now, idle ones included (tests).</summary>
    /// <summary>The loaded vault nodes (tests: the cache bound).</summary>
    internal InodeTable Inodes => _inodes;

    /// <summary>The heap compaction the loaded-node cache's churn schedules (tests).</summary>
    internal HeapCompaction Compaction => _compaction;

    internal int SharedNodeCount => _shared.NodeCount;

    /// <summary>Entries of /peers and /realms the kernel holds a lookup reference on (tests).</summary>
    internal int HeldSharedNodeCount => _shared.HeldNodeCount;

    /// <summary>
    /// Serves the generated file /.indra/<paramref name="name"/> (peers.json, changes.jsonl, peer-heat.json) from
    /// <paramref name="generate"/>, called on every open and stat.
    /// </summary>
    public void AttachMetaFile(string name, Func<string> generate) => _metaFiles.Attach(name, generate);

    /// <summary>
    /// Adds, to heat.json's <c>unique_peers</c>, the distinct peers the sharing protocol reports per path ("vault/…"):
    /// the local player counts once, each peer that opened a shared copy once more.
    /// </summary>
    public void AttachPeerAttention(Func<IReadOnlyDictionary<string, int>> distinctPeersByPath) => _metaFiles.PeerAttention = distinctPeersByPath;

    /// <inheritdoc/>
    public Errno Lookup(ulong parent, string name, out NodeAttributes attributes) => _router.Lookup(parent, name, out attributes);

    /// <inheritdoc/>
    public void Forget(ulong inode, ulong count) => _router.Forget(inode, count);

    /// <inheritdoc/>
    public Errno GetAttributes(ulong inode, out NodeAttributes attributes) => _router.GetAttributes(inode, out attributes);

    /// <inheritdoc/>
    public Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes) =>
        _router.SetAttributes(inode, request, caller, out attributes);

    /// <inheritdoc/>
    public Errno ReadLink(ulong inode, out string target) => _router.ReadLink(inode, out target);

    /// <inheritdoc/>
    public Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes) =>
        _router.SymLink(parent, name, target, caller, out attributes);

    /// <inheritdoc/>
    public Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes) =>
        _router.MakeDirectory(parent, name, mode, caller, out attributes);

    /// <inheritdoc/>
    public Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes) =>
        _router.MakeNode(parent, name, mode, device, caller, out attributes);

    /// <inheritdoc/>
    public Errno Unlink(ulong parent, string name) => _router.Unlink(parent, name);

    /// <inheritdoc/>
    public Errno RemoveDirectory(ulong parent, string name) => _router.RemoveDirectory(parent, name);

    /// <inheritdoc/>
    public Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags) =>
        _router.Rename(parent, name, newParent, newName, flags);

    /// <inheritdoc/>
    public Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes) =>
        _router.Link(inode, newParent, newName, out attributes);

    /// <inheritdoc/>
    public Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open) =>
        _router.Create(parent, name, mode, flags, caller, out attributes, out open);

    /// <inheritdoc/>
    public Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open) => _router.Open(inode, flags, caller, out open);

    /// <inheritdoc/>
    public Errno Read(ulong inode, ulong handle, long offset, Span<byte> buffer, out int bytesRead) =>
        _router.Read(handle, offset, buffer, out bytesRead);

    /// <inheritdoc/>
    public BlockFileRange? ReadAsFileRange(ulong inode, ulong handle, long offset, int length) =>
        _router.ReadAsFileRange(handle, offset, length);

    /// <inheritdoc/>
    /// <remarks>A write by an unprivileged process clears the file's set-ID bits (<see cref="SetIdRule"/>), judged by
    /// the caller that opened the handle.</remarks>
    public Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten) =>
        _router.Write(handle, offset, data, out bytesWritten);

    /// <inheritdoc/>
    public Errno Flush(ulong inode, ulong handle) => _router.Commit(handle, durable: false);

    /// <inheritdoc/>
    public Errno Fsync(ulong inode, ulong handle, bool dataOnly) => _router.Commit(handle, durable: true);

    /// <inheritdoc/>
    public Errno Release(ulong inode, ulong handle) => _router.Release(handle);

    /// <inheritdoc/>
    public Errno OpenDirectory(ulong inode, CallerContext caller, out ulong handle) => _router.OpenDirectory(inode, out handle);

    /// <inheritdoc/>
    public bool MayCacheListing(ulong inode) => _router.MayCacheListing(inode);

    /// <inheritdoc/>
    public Errno ReadDirectory(ulong inode, ulong handle, long cookie, bool plus, DirectoryEntrySink sink) =>
        _router.ReadDirectory(inode, handle, cookie, plus, sink);

    /// <inheritdoc/>
    public Errno FsyncDirectory(ulong inode, ulong handle) => _router.FsyncDirectory();

    /// <inheritdoc/>
    public Errno ReleaseDirectory(ulong inode, ulong handle) => _router.ReleaseDirectory(handle);

    /// <inheritdoc/>
    public Errno GetStatistics(out FileSystemStatistics statistics) => _router.GetStatistics(out statistics);

    /// <inheritdoc/>
    public Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags) =>
        _router.SetExtendedAttribute(inode, name, value, flags);

    /// <inheritdoc/>
    public Errno GetExtendedAttribute(ulong inode, string name, out byte[] value) => _router.GetExtendedAttribute(inode, name, out value);

    /// <inheritdoc/>
    public Errno ListExtendedAttributes(ulong inode, out IReadOnlyList<string> names) => _router.ListExtendedAttributes(inode, out names);

    /// <inheritdoc/>
    public Errno RemoveExtendedAttribute(ulong inode, string name) => _router.RemoveExtendedAttribute(inode, name);

    /// <inheritdoc/>
    public Errno GetPath(ulong inode, out string path) => _router.GetPath(inode, out path);

    /// <inheritdoc/>
    public Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length) => _router.Allocate(handle, mode, offset, length);

    /// <inheritdoc/>
    public Errno Seek(ulong inode, ulong handle, long offset, int whence, out long position) =>
        _router.Seek(handle, offset, whence, out position);

    /// <inheritdoc/>
    public Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied) =>
        _router.CopyRange(handleIn, offsetIn, handleOut, offsetOut, length, out copied);

    /// <inheritdoc/>
    public void FlushAll() => _router.FlushAll();

    /// <inheritdoc/>
    /// <remarks>Commits everything staged; a second call does nothing.</remarks>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _compaction.Dispose();
        _ids.Dispose();
        FlushAll();
        _vault.Tree.Flush();
        _inodes.Clear();
    }

    /// <summary>A version saved with a provisional id got its real one (<see cref="LeafIdResolver"/>).</summary>
    private void OnIdResolved(Blake3Hash provisional, LeafVersion resolved)
    {
        _inodes.Rekey(new ArtifactId(provisional), resolved);
        _vault.Content.ForgetProvisional(provisional);
    }
}
