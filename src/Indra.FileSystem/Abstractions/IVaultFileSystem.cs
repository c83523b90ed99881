using Indra.Storage.Blocks;

namespace Indra.FileSystem;

/// <summary>
/// The platform-neutral vault filesystem: POSIX-ish, inode-based operations over the vault engine that both platform
/// hosts (FUSE, ProjFS) translate native requests into. Every method returns an <see cref="Errno"/>
/// (<see cref="Errno.None"/> on success) and never throws for expected failures; an exception means a bug and the
/// host turns it into EIO with a log line.
/// </summary>
/// <remarks>
/// Semantics follow libfuse's <c>fuse_lowlevel.h</c> where it speaks: <see cref="Lookup"/>, <see cref="Create"/>,
/// <see cref="MakeDirectory"/>, <see cref="SymLink"/>, <see cref="Link"/> and readdirplus entries each add one to the
/// inode's lookup count, and <see cref="Forget"/> subtracts; an unlinked node lives until its lookup count and its
/// open handles both reach zero. Names are at most 255 bytes of UTF-8 (ENAMETOOLONG otherwise) and never contain
/// '/' or NUL (EINVAL). Only the /vault subtree is writable: the root, /peers, /realms and /.indra give EACCES or EROFS
/// to writes. Any inode number that was ever returned and not yet deleted may be passed to any method; a number under
/// /peers or /realms counts as deleted once no lookup reference holds it and 65,536 other idle ones were used since.
/// </remarks>
public interface IVaultFileSystem : IDisposable
{
    /// <summary>Registers the platform host's cache invalidation target (at most one).</summary>
    void SetInvalidationSink(IInvalidationSink? sink);

    /// <summary>
    /// Tells the platform host's caches that <paramref name="name"/> in directory <paramref name="parent"/> was created,
    /// removed or renamed through this interface by someone other than the host (the sharing service writing a received
    /// transfer or removing a given one): the entry and the directory's attributes and cached listing are dropped, so
    /// the change shows on the mount at once. Never blocks; does nothing without an invalidation sink.
    /// </summary>
    void AnnounceChange(ulong parent, string name);

    /// <summary>
    /// Tells the platform host's caches that the attributes and content of <paramref name="inode"/> changed through
    /// this interface by someone other than the host (the control API writing a file): its cached attributes and pages
    /// are dropped. Never blocks; does nothing without an invalidation sink.
    /// </summary>
    void AnnounceContentChange(ulong inode)
    {
    }

    /// <summary>Finds <paramref name="name"/> in directory <paramref name="parent"/> and takes one lookup reference on it.</summary>
    /// <returns>ENOENT, ENOTDIR, ENAMETOOLONG.</returns>
    Errno Lookup(ulong parent, string name, out NodeAttributes attributes);

    /// <summary>Drops <paramref name="count"/> lookup references (FUSE forget); never fails.</summary>
    void Forget(ulong inode, ulong count);

    /// <summary>Reads a node's attributes.</summary>
    /// <returns>ENOENT.</returns>
    Errno GetAttributes(ulong inode, out NodeAttributes attributes);

    /// <summary>
    /// Changes the fields named in <paramref name="request"/> (chmod, chown, truncate, utimens). Unless the mode is
    /// set too, a change of owner or group and a truncate the kernel marked clear set-ID bits (<see cref="SetIdRule"/>).
    /// </summary>
    /// <param name="inode">The node.</param>
    /// <param name="request">What to change.</param>
    /// <param name="handle">The open handle when the kernel passed one (ftruncate), else null.</param>
    /// <param name="caller">Who asks (owner checks are the kernel's under default_permissions).</param>
    /// <param name="attributes">The attributes after the change.</param>
    /// <returns>ENOENT, EISDIR (size on a directory), EINVAL (negative size), EROFS/EACCES outside /vault.</returns>
    Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes);

    /// <summary>Reads a symbolic link's target.</summary>
    /// <returns>ENOENT, EINVAL (not a symlink).</returns>
    Errno ReadLink(ulong inode, out string target);

    /// <summary>Creates symbolic link <paramref name="name"/> → <paramref name="target"/> and takes one lookup reference.</summary>
    /// <returns>EEXIST, ENOENT, ENOTDIR, ENAMETOOLONG, EACCES/EROFS outside /vault.</returns>
    Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes);

    /// <summary>Creates directory <paramref name="name"/> with permission bits <paramref name="mode"/> and takes one lookup reference.</summary>
    /// <returns>EEXIST, ENOENT, ENOTDIR, ENAMETOOLONG, EACCES/EROFS outside /vault.</returns>
    Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes);

    /// <summary>
    /// Creates special file <paramref name="name"/> (mknod(2): a FIFO, a socket, a character or a block device) and
    /// takes one lookup reference. The node holds no content (its leaf is the empty one); opening it and its I/O are
    /// the kernel's (FUSE gives special inodes to <c>init_special_inode</c>), so <see cref="Open"/> answers ENXIO.
    /// Regular files are made with <see cref="Create"/>; a host maps mknod(2) of one onto it.
    /// </summary>
    /// <param name="parent">Directory inode.</param>
    /// <param name="name">New name.</param>
    /// <param name="mode">Type bits (<see cref="FileModes.Fifo"/>, <see cref="FileModes.Socket"/>,
    /// <see cref="FileModes.CharacterDevice"/>, <see cref="FileModes.BlockDevice"/>) and permission bits, stored as
    /// given (umask already applied, set-group-ID already stripped by the kernel where Linux strips it).</param>
    /// <param name="device">Device nodes: the device number (<c>st_rdev</c>, <c>makedev(3)</c>); ignored (stored as 0) for FIFOs and sockets, as mknod(2) does.</param>
    /// <param name="caller">The creating process: becomes the owner; the group is the directory's when it is set-group-ID.</param>
    /// <param name="attributes">The new node's attributes.</param>
    /// <returns>EEXIST, ENOENT, ENOTDIR, ENAMETOOLONG, EINVAL (a mode of another type), EACCES/EROFS outside /vault.</returns>
    Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes);

    /// <summary>Removes the non-directory <paramref name="name"/> from <paramref name="parent"/>.</summary>
    /// <returns>ENOENT, EISDIR, ENOTDIR, EACCES/EROFS outside /vault.</returns>
    Errno Unlink(ulong parent, string name);

    /// <summary>Removes the empty directory <paramref name="name"/> from <paramref name="parent"/>.</summary>
    /// <returns>ENOENT, ENOTDIR, ENOTEMPTY, EBUSY (/vault itself), EACCES/EROFS outside /vault.</returns>
    Errno RemoveDirectory(ulong parent, string name);

    /// <summary>Renames (moves) an entry, replacing a compatible destination unless <see cref="RenameFlags.NoReplace"/>.</summary>
    /// <returns>ENOENT, EEXIST (NoReplace), EINVAL (other flags, or a directory moved into itself), EISDIR, ENOTDIR,
    /// ENOTEMPTY, EXDEV (between /vault and a view), EACCES/EROFS outside /vault.</returns>
    Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags);

    /// <summary>Adds hard link <paramref name="newName"/> in <paramref name="newParent"/> to file <paramref name="inode"/>; takes one lookup reference.</summary>
    /// <returns>ENOENT, EEXIST, EPERM (directories), EXDEV, EACCES/EROFS outside /vault.</returns>
    Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes);

    /// <summary>Creates and opens regular file <paramref name="name"/>; takes one lookup reference.</summary>
    /// <param name="parent">Directory inode.</param>
    /// <param name="name">New name.</param>
    /// <param name="mode">Permission bits (umask already applied by the kernel).</param>
    /// <param name="flags">open(2) flags (<see cref="OpenFlags"/>); with Exclusive an existing name gives EEXIST.</param>
    /// <param name="caller">The creating process: becomes the owner.</param>
    /// <param name="attributes">The new file's attributes.</param>
    /// <param name="open">The open handle.</param>
    /// <returns>EEXIST, ENOENT, ENOTDIR, EISDIR, ENXIO (the name is a special file), ENAMETOOLONG, EACCES/EROFS outside /vault.</returns>
    Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open);

    /// <summary>Opens a file; fires a navigate_to attention event.</summary>
    /// <returns>ENOENT, EISDIR, ELOOP (a symlink), ENXIO (a special file: the kernel opens those itself, so the request
    /// is not expected), EACCES/EROFS when writing outside /vault.</returns>
    Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open);

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; fewer only at end of file.</summary>
    /// <returns>EBADF, EINVAL (negative offset), EIO (a corrupt block; logged with the file's path).</returns>
    Errno Read(ulong inode, ulong handle, long offset, Span<byte> buffer, out int bytesRead);

    /// <summary>
    /// The answer to a read of up to <paramref name="length"/> bytes at <paramref name="offset"/> as a range of a
    /// stored file, for a host that can send a file's bytes without copying them (FUSE: <c>fuse_reply_data</c> with a
    /// file descriptor, which libfuse splices). Null when the read must go through <see cref="Read"/>: the host then
    /// calls it, and nothing has happened yet (no access time moved). A range holds the same bytes
    /// <see cref="Read"/> would give (clipped at the end of file, never unverified content); the caller disposes it
    /// once the reply is sent. The default is null.
    /// </summary>
    BlockFileRange? ReadAsFileRange(ulong inode, ulong handle, long offset, int length) => null;

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> (at end of file for O_APPEND handles); staged until
    /// flush. When the handle was opened by an unprivileged caller the file's set-ID bits are cleared (<see cref="SetIdRule"/>),
    /// as by an open with O_TRUNC, fallocate (punch, zero) and copy_file_range.
    /// </summary>
    /// <returns>EBADF (not open for writing), EINVAL, EFBIG, ENOSPC.</returns>
    Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten);

    /// <summary>
    /// Commits staged writes into the artifact store (FUSE FLUSH). The FUSE host opens files with <c>noflush</c>, so
    /// the kernel does not call it on close(2); release commits instead.
    /// </summary>
    Errno Flush(ulong inode, ulong handle);

    /// <summary>Makes staged writes durable (blocks fsynced, then the metadata transaction committed).</summary>
    Errno Fsync(ulong inode, ulong handle, bool dataOnly);

    /// <summary>Last close of an open handle: commits what is staged and fires navigate_back.</summary>
    Errno Release(ulong inode, ulong handle);

    /// <summary>
    /// True when the kernel may keep the listing of directory <paramref name="inode"/> between opens (FUSE
    /// <c>cache_readdir</c> with <c>keep_cache</c>, <c>fuse_common.h</c>): every change to it comes through this
    /// filesystem, which the kernel sees, or is announced through the invalidation sink.
    /// </summary>
    bool MayCacheListing(ulong inode);

    /// <summary>Opens a directory for listing; a vault directory's opening is the listing's attention event (navigate_to).</summary>
    /// <returns>ENOENT, ENOTDIR.</returns>
    Errno OpenDirectory(ulong inode, CallerContext caller, out ulong handle);

    /// <summary>
    /// Lists a directory from <paramref name="cookie"/> (0 = the beginning; otherwise a <see cref="DirectoryEntry.NextCookie"/>
    /// returned earlier) into <paramref name="sink"/> until it refuses an entry or the directory ends. Entries added or
    /// removed during a listing never make it skip or repeat unrelated entries. Fires navigate_to on the directory
    /// for a listing that starts at cookie 0. With <paramref name="plus"/> every accepted entry other than "." and ".."
    /// takes one lookup reference (readdirplus).
    /// </summary>
    Errno ReadDirectory(ulong inode, ulong handle, long cookie, bool plus, DirectoryEntrySink sink);

    /// <summary>fsync(2) of a directory: every change to names made so far (creates, renames, unlinks) is durable when it returns.</summary>
    Errno FsyncDirectory(ulong inode, ulong handle);

    /// <summary>Closes a directory handle.</summary>
    Errno ReleaseDirectory(ulong inode, ulong handle);

    /// <summary>Space and inode figures of the mount.</summary>
    Errno GetStatistics(out FileSystemStatistics statistics);

    /// <summary>Sets an extended attribute; the <c>user.indra.*</c> names are generated and read-only (EPERM), except
    /// <c>user.indra.tree_type</c> on directories.</summary>
    /// <returns>ENOENT, EEXIST/ENODATA per <paramref name="flags"/>, EPERM, EOPNOTSUPP (a namespace other than user.),
    /// ERANGE (a name empty or over 255 bytes), E2BIG (a value over 65536 bytes), ENOSPC (the node's names would list
    /// over 65536 bytes, or its values would total over 1 MiB).</returns>
    Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags);

    /// <summary>Reads an extended attribute.</summary>
    /// <returns>ENOENT, ENODATA, EOPNOTSUPP (a namespace other than user.), ERANGE (a name empty or over 255 bytes).</returns>
    Errno GetExtendedAttribute(ulong inode, string name, out byte[] value);

    /// <summary>Lists extended attribute names (generated <c>user.indra.*</c> names first).</summary>
    Errno ListExtendedAttributes(ulong inode, out IReadOnlyList<string> names);

    /// <summary>Removes an extended attribute.</summary>
    /// <returns>ENOENT, ENODATA, EPERM (generated names), EOPNOTSUPP (a namespace other than user.), ERANGE (a name
    /// empty or over 255 bytes).</returns>
    Errno RemoveExtendedAttribute(ulong inode, string name);

    /// <summary>The path of a node relative to the mount root, '/'-separated without a leading slash ("vault/a/b.txt"; "" for the root).</summary>
    /// <returns>ENOENT (deleted or never existed).</returns>
    Errno GetPath(ulong inode, out string path);

    /// <summary>
    /// fallocate(2) on an open file (linux/falloc.h): mode 0 and KEEP_SIZE check that the disk can hold the range's
    /// holes (nothing is set aside; holes are stored as nothing) and mode 0 extends the size; PUNCH_HOLE|KEEP_SIZE
    /// and ZERO_RANGE make the range read as zeros, whole blocks becoming holes.
    /// </summary>
    /// <param name="inode">The file.</param>
    /// <param name="handle">An open handle with write access.</param>
    /// <param name="mode">FALLOC_FL_* bits (<see cref="FallocateModes"/>).</param>
    /// <param name="offset">First byte of the range.</param>
    /// <param name="length">Bytes in the range (positive).</param>
    /// <returns>EBADF, EINVAL, EFBIG (past <c>VaultFileSystem.MaxFileSize</c>), ENOSPC, EOPNOTSUPP (other modes;
    /// PUNCH_HOLE without KEEP_SIZE).</returns>
    Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length) => Errno.EOPNOTSUPP;

    /// <summary>lseek(2) SEEK_DATA / SEEK_HOLE: the first offset at or after <paramref name="offset"/> that holds data,
    /// or that lies in a hole (the end of the file is a hole). Holes are whole blocks never written (or punched).</summary>
    /// <returns>ENXIO (offset at or past the end, or no data after it), EINVAL (another whence), ENOSYS (generated and
    /// shared files: the kernel's generic seek answers).</returns>
    Errno Seek(ulong inode, ulong handle, long offset, int whence, out long position)
    {
        position = 0;
        return Errno.ENOSYS;
    }

    /// <summary>
    /// copy_file_range(2) between two open vault files: when the offsets are equal modulo the block size, whole
    /// blocks are shared with the source (nothing read, hashed or stored; holes stay holes) and only the unaligned
    /// edges are copied; otherwise up to <c>VaultFileSystem.CopyBytesPerRequest</c> bytes are copied per call.
    /// </summary>
    /// <param name="inodeIn">Source file.</param>
    /// <param name="handleIn">Source handle (read access).</param>
    /// <param name="offsetIn">Source offset in bytes.</param>
    /// <param name="inodeOut">Target file.</param>
    /// <param name="handleOut">Target handle (write access, not O_APPEND).</param>
    /// <param name="offsetOut">Target offset in bytes.</param>
    /// <param name="length">Bytes to copy.</param>
    /// <param name="copied">Bytes copied (fewer than asked at the end of the source, or for an unaligned copy).</param>
    /// <returns>EBADF (handles without read/write access, O_APPEND output), EINVAL (overlap within one file), EXDEV
    /// (generated or shared files), EFBIG, EIO.</returns>
    Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied)
    {
        copied = 0;
        return Errno.ENOSYS;
    }

    /// <summary>Commits everything staged in every inode (unmount, SIGTERM); waits for attention batches to persist.</summary>
    void FlushAll();
}
