using System.Collections.Concurrent;

namespace Indra.Storage.Blocks;

/// <summary>
/// Emptied files of deleted blocks, kept in a block store's <c>tmp/</c> folder as <c>kept-NAME</c> for the next blocks
/// written (Linux only), so that writing a block seldom allocates an inode. Why: ext4 without a journal checks every
/// free inode it considers against the inode table and skips those freed in the last 60-300 s (<c>recently_deleted</c>
/// in fs/ext4/ialloc.c), so after a GiB of blocks was deleted each new block file scanned past about a thousand of
/// them (docs/performance-small-files.md, Session 11 and 12: daemon CPU per GiB written).
/// <para>
/// A deleted block's file is renamed here and truncated to 0 bytes (its data is freed at once, as unlink(2) would, and
/// no byte of it stays readable). A kept file is claimed by renaming it to a new name of its own (rename(2): of several
/// stores, in this process or another, that claim the same file exactly one wins; the others take the next one or a
/// new file). Nothing reads <c>tmp/</c>: a kept file is never a block, and counts of block files leave <c>tmp/</c> out.
/// At most <see cref="Capacity"/> files are kept, none with data: files found at open are kept up to that count
/// (emptied if a crash left data in one), the rest deleted. A store whose reads may race a deletion (a block cache
/// evicts blocks a read may be using; an unlinked file keeps its bytes for an open descriptor, a kept file does not)
/// keeps none: <c>enabled</c> false. Thread-safe.
/// </para>
/// </summary>
internal sealed class KeptBlockFiles
{
    /// <summary>Most files kept: 4 GiB of 1 MiB blocks deleted and written again without a new inode (each an inode with no data).</summary>
    public const int Capacity = 4096;

    /// <summary>The start of a kept file's name in <c>tmp/</c>.</summary>
    public const string Prefix = "kept-";

    private readonly string _directory;
    private readonly ConcurrentQueue<string> _names = new();
    private readonly bool _enabled;
    private int _count;

    /// <summary>
    /// Takes the kept files in <paramref name="directory"/> (the store's <c>tmp/</c>, which exists) and deletes every
    /// other file there (a block write a crash interrupted), and the kept ones too when keeping is off.
    /// </summary>
    /// <param name="directory">The store's <c>tmp/</c> folder.</param>
    /// <param name="enabled">Keep deleted blocks' files (only on Linux in any case).</param>
    public KeptBlockFiles(string directory, bool enabled)
    {
        _directory = directory;
        _enabled = enabled && OperatingSystem.IsLinux();
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (_enabled && _count < Capacity && Path.GetFileName(file).StartsWith(Prefix, StringComparison.Ordinal)
                && (new FileInfo(file).Length == 0 || Interop.Unix.TruncateFile(file, 0) == 0))
            {
                _names.Enqueue(file);
                _count++;
                continue;
            }
            TryDelete(file);
        }
    }

    /// <summary>Whether this store keeps deleted blocks' files (false: <see cref="Keep"/> always answers false).</summary>
    public bool Enabled => _enabled;

    /// <summary>Files kept now (by this store; another store on the same folder may have claimed some meanwhile).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Takes the file of a deleted block at <paramref name="path"/>: renamed here and emptied. True when the file was
    /// taken or did not exist; false when the caller must delete it instead (keeping is off, or <see cref="Capacity"/>
    /// files are kept).
    /// </summary>
    /// <exception cref="IOException">The rename failed for another reason than a missing file (HResult: the errno).</exception>
    public bool Keep(string path)
    {
        if (!_enabled) return false;
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        var name = Path.Combine(_directory, Prefix + Guid.NewGuid().ToString("N"));
        var renamed = Interop.Unix.Rename(path, name);
        if (renamed != 0)
        {
            Interlocked.Decrement(ref _count);
            if (renamed == Interop.Unix.NoSuchFile) return true;
            throw new IOException($"cannot move {path} to {name}: errno {renamed}", renamed);
        }
        if (Interop.Unix.TruncateFile(name, 0) != 0)
        {
            // Not emptied: not kept either (its bytes would stay until it is reused).
            Interlocked.Decrement(ref _count);
            File.Delete(name);
            return true;
        }
        _names.Enqueue(name);
        return true;
    }

    /// <summary>
    /// Claims a kept file: renamed to <paramref name="claimed"/> (a new name in the same folder), which the caller then
    /// owns alone. The file may hold data (a crash): open it with <c>O_TRUNC</c>.
    /// </summary>
    /// <returns>False when none is kept (or every one this store knew was claimed by another store).</returns>
    public bool TryClaim(string claimed)
    {
        while (_names.TryDequeue(out var name))
        {
            Interlocked.Decrement(ref _count);
            if (Interop.Unix.Rename(name, claimed) == 0) return true;
            // Claimed or deleted by another store on this folder: try the next one.
        }
        return false;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind: the next open tries again.
        }
    }
}
