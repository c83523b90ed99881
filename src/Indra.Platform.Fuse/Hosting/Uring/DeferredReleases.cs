using System.Collections.Concurrent;
using Indra.FileSystem;

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
/// loss). <see cref="Close"/> finishes every queued release, so the mount's final flush sees them all.</remarks>
internal sealed class DeferredReleases
{
    /// <summary>Most releases waiting at once.</summary>
    public const int Capacity = 4096;

    private readonly IVaultFileSystem _fileSystem;
    private readonly FuseLog _log;
    private readonly bool _debug;
    private readonly BlockingCollection<(ulong Inode, ulong Handle)> _queue = new(Capacity);
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
    public bool TryAdd(ulong inode, ulong handle)
    {
        try
        {
            return _queue.TryAdd((inode, handle), Timeout.Infinite);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Takes no more releases and waits up to <paramref name="timeout"/> until the queued ones are done.</summary>
    public bool Close(TimeSpan timeout)
    {
        _queue.CompleteAdding();
        return _thread.Join(timeout);
    }

    private void Run()
    {
        foreach (var (inode, handle) in _queue.GetConsumingEnumerable())
        {
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
