using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Errors;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Sends <c>fuse_lowlevel_notify_inval_inode</c>/<c>_inval_entry</c> from one dedicated background thread, never
/// from a FUSE worker: the notifications take kernel inode locks that a request in progress may hold, and a worker
/// that waited for them would deadlock (<c>fuse_lowlevel.h</c>). <see cref="Enqueue"/> never blocks. -ENOENT means
/// "the kernel has nothing cached" and is not an error.
/// </summary>
internal sealed unsafe class InvalidationQueue
{
    private readonly nint session;
    private readonly FuseLog log;
    private readonly bool debug;
    private readonly Queue<Invalidation> pending = new();
    private readonly object gate = new();
    private readonly Thread thread;
    private bool closed;
    private long sent;

    /// <summary>Creates and starts the queue of <paramref name="fuseSession"/>.</summary>
    public InvalidationQueue(nint fuseSession, string mountPoint, FuseLog log, bool debug)
    {
        session = fuseSession;
        this.log = log;
        this.debug = debug;
        thread = new Thread(Run) { IsBackground = true, Name = $"indra-fuse-invalidate {mountPoint}" };
        thread.Start();
    }

    /// <summary>Queues an invalidation; dropped once the queue is closed (the mount is gone).</summary>
    public void Enqueue(Invalidation item)
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }
            pending.Enqueue(item);
            Monitor.Pulse(gate);
        }
    }

    /// <summary>Invalidations handed to the kernel so far (successful, "not cached" or failed alike).</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Stops the thread, dropping what is still queued; true when it ended within <paramref name="timeout"/>.</summary>
    public bool Close(TimeSpan timeout)
    {
        lock (gate)
        {
            closed = true;
            pending.Clear();
            Monitor.PulseAll(gate);
        }
        return thread.Join(timeout);
    }

    private void Run()
    {
        while (true)
        {
            Invalidation item;
            lock (gate)
            {
                while (pending.Count == 0 && !closed)
                {
                    Monitor.Wait(gate);
                }
                if (closed)
                {
                    return;
                }
                item = pending.Dequeue();
            }
            try
            {
                Send(item);
            }
            catch (Exception ex)
            {
                log.Unexpected("invalidation", ex, "dropping it");
            }
            Interlocked.Increment(ref sent);
        }
    }

    private void Send(in Invalidation item)
    {
        int result;
        if (item.Name is null)
        {
            result = LibFuse.NotifyInvalInode(session, item.Inode, 0, 0);
        }
        else
        {
            int maxLength = Utf8Names.MaxEncodedLength(item.Name);
            byte* name = (byte*)NativeMemory.Alloc((nuint)maxLength);
            try
            {
                int length = Utf8Names.Encode(item.Name, new Span<byte>(name, maxLength));
                result = LibFuse.NotifyInvalEntry(session, item.Inode, name, (nuint)length);
            }
            finally
            {
                NativeMemory.Free(name);
            }
        }
        string what = item.Name is null ? $"inode {item.Inode}" : $"entry {item.Inode}/\"{item.Name}\"";
        if (result == 0 || ErrnoTables.Current.FromNative(-result) == Errno.ENOENT)
        {
            if (debug)
            {
                log.Debug($"fuse invalidate {what}: {(result == 0 ? "done" : "not cached")}");
            }
            return;
        }
        log.Warn($"fuse invalidate {what} failed: {Marshal.GetPInvokeErrorMessage(-result)} ({result})");
    }
}
