using System.Collections.Concurrent;

namespace Indra.Storage.Blocks;

/// <summary>
/// Emptied block files kept for reuse in <c>DIR/free/</c> (Linux only), so that writing a block seldom allocates an
/// inode and deleting one seldom frees one. A deleted block's file is renamed here and truncated to 0 bytes (its data
/// blocks are freed at once, as unlink(2) would); a new block's file is written into a kept file (O_TRUNC) and
/// renamed into place. Why: ext4 without a journal checks every free inode it considers against the inode table and
/// skips those freed in the last 60-300 s (<c>recently_deleted</c> in fs/ext4/ialloc.c), so after a GiB of blocks was
/// deleted each new block file scanned past about a thousand of them: a fifth of the daemon's CPU in a 1 GiB dd that
/// followed a deleted GiB (docs/blocks.md). At most <see cref="Capacity"/> files are kept (each an inode with no
/// data); files found here at open are kept too (a crash may leave one with data: the reuse truncates it). A file
/// here is never a block: nothing reads this folder. Thread-safe.
/// </summary>
internal sealed class FreeBlockFiles
{
    /// <summary>Most files kept: 4 GiB of 1 MiB blocks deleted and written again without a new inode.</summary>
    public const int Capacity = 4096;

    private readonly string _directory;
    private readonly ConcurrentQueue<string> _names = new();
    private readonly bool _enabled;
    private int _count;

    /// <summary>Opens (creating if needed) <paramref name="directory"/> and takes the files found there, up to <see cref="Capacity"/> (the rest are deleted).</summary>
    /// <param name="directory">The folder for kept files.</param>
    /// <param name="enabled">False: keep none (<see cref="Keep"/> always answers false; files left in the folder by an
    /// earlier run are deleted). Only Linux keeps files in any case.</param>
    public FreeBlockFiles(string directory, bool enabled)
    {
        _directory = directory;
        _enabled = enabled && OperatingSystem.IsLinux();
        if (!_enabled)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            return;
        }
        OwnerOnly.CreateFolder(directory);
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (_count < Capacity)
            {
                _names.Enqueue(file);
                _count++;
            }
            else
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Files kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Takes the file of a deleted block at <paramref name="path"/>: renamed into the folder and emptied. True when the
    /// file was taken or did not exist; false when it must be deleted instead (the folder is full, or this system
    /// keeps none).
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
        var name = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        var renamed = Interop.Unix.Rename(path, name);
        if (renamed != 0)
        {
            Interlocked.Decrement(ref _count);
            if (renamed == Interop.Unix.NoSuchFile) return true;
            throw new IOException($"cannot move {path} to {name}: errno {renamed}", renamed);
        }
        if (Interop.Unix.TruncateFile(name, 0) != 0)
        {
            // Not emptied: not kept either (it would hold its data until reused).
            Interlocked.Decrement(ref _count);
            File.Delete(name);
            return true;
        }
        _names.Enqueue(name);
        return true;
    }

    /// <summary>A kept file to write a new block into (it must be opened with O_TRUNC, then renamed away or deleted), or null.</summary>
    public string? TryTake()
    {
        if (!_names.TryDequeue(out var name)) return null;
        Interlocked.Decrement(ref _count);
        return name;
    }
}
