using Indra.FileSystem;
using Indra.Storage.Threading;

namespace Indra.Platform.Fuse.Hosting.Uring;

/// <summary>
/// Releases of a mount served over io_uring, done on one thread of their own after the RELEASE was answered. A
/// release commits what the handle wrote and can wait for the metadata store; on a ring it would hold one of the few
/// entries of its caller's CPU queue meanwhile, and the next requests of that CPU (the next file's LOOKUP and CREATE
/// in an untar) would queue behind it. The kernel sends RELEASE without waiting for its answer and ignores its error
/// (fs/fuse/file.c, <c>fuse_file_put</c>), so answering first changes nothing it can see; the filesystem already
/// serves requests that arrive while a release is still running (on <c>/dev/fuse</c> they run on other workers).
/// </summary>
/// <remarks>At most <see cref="Capacity"/> releases wait; a RELEASE beyond that waits for room (back-pressure, never
/// loss). <see cref="Close"/> finishes every queued release, so the mount's final flush sees them all. The thread
/// blocks at once when it finds no release waiting (<see cref="HandOffQueue{T}"/>): releases mostly come one at a
/// time (a <c>diff -r</c> closes one file, then opens the next), and a spinning wait between them took a third of the
/// daemon's CPU.</remarks>
internal sealed class DeferredReleases
{
    /// <summary>Most releases waiting at once.</summary>
    public const int Capacity = 4096;

    private readonly IVaultFileSystem _fileSystem;
    private readonly FuseLog _log;
    private readonly bool _debug;
    private readonly HandOffQueue<(ulong Inode, ulong Handle)> _queue = new(Capacity);
    private readonly Thread _thread;

    /// <summary>Starts the release thread of a mount.</summary>
    public DeferredReleases(IVaultFileSystem fileSystem, FuseLog log, bool debug, string mountPoint)
    {
        _fileSystem = fileSystem;
        _log = log;
        _debug = debug;
        _thread = new Thread(Run) { IsBackground = true, Name = $"indra-fuse-release {mountPoint}" };
        _thread.Start();
    }

    /// <summary>Queues the release of <paramref name="handle"/>; false once closed (the caller then releases it itself).</summary>
    public bool TryAdd(ulong inode, ulong handle) => _queue.TryAdd((inode, handle));

    /// <summary>Takes no more releases and waits up to <paramref name="timeout"/> until the queued ones are done.</summary>
    public bool Close(TimeSpan timeout)
    {
        _queue.Complete();
        return _thread.Join(timeout);
    }

    private void Run()
    {
        while (_queue.TryTake(out var release))
        {
            var (inode, handle) = release;
            try
            {
                Errno result = _fileSystem.Release(inode, handle);
                if (_debug) _log.Request($"release({inode}, handle {handle}) -> {result} (answered before)");
                if (result != Errno.None) _log.Warn($"fuse release({inode}, handle {handle}) failed with {result}; the kernel ignores release errors");
            }
            catch (Exception ex)
            {
                _log.Unexpected("release", ex, "the kernel had its answer already");
            }
        }
    }
}
