using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Reply buffers for read, readdir, readlink and the xattr calls: native memory (never moved by the GC, so it can go
/// straight to <c>fuse_reply_buf</c>), kept in a fixed set of lock-free slots so that steady-state requests allocate
/// nothing. Requests larger than <see cref="BufferSize"/> get a one-off allocation that is freed on return.
/// Everything is freed by <see cref="Dispose"/> once the session's loop has ended.
/// </summary>
internal sealed unsafe class NativeBufferPool : IDisposable
{
    /// <summary>
    /// Size of a pooled buffer: 1 MiB, the largest read libfuse 3.14 lets the kernel send (FUSE_MAX_MAX_PAGES = 256
    /// pages); readdir and xattr requests are far smaller.
    /// </summary>
    public const int BufferSize = 1 << 20;

    private readonly nint[] slots;
    private int disposed;

    /// <summary>Creates a pool that keeps at most <paramref name="slotCount"/> idle buffers.</summary>
    public NativeBufferPool(int slotCount) => slots = new nint[Math.Max(1, slotCount)];

    /// <summary>Rents a buffer of at least <paramref name="size"/> bytes.</summary>
    public NativeBuffer Rent(nuint size)
    {
        if (size > BufferSize)
        {
            return new NativeBuffer(this, (byte*)NativeMemory.Alloc(size), size);
        }
        for (int i = 0; i < slots.Length; i++)
        {
            nint taken = Interlocked.Exchange(ref slots[i], 0);
            if (taken != 0)
            {
                return new NativeBuffer(this, (byte*)taken, BufferSize);
            }
        }
        return new NativeBuffer(this, (byte*)NativeMemory.Alloc(BufferSize), BufferSize);
    }

    /// <summary>Gives a buffer back: kept in a free slot, or freed.</summary>
    public void Return(in NativeBuffer buffer)
    {
        if (buffer.Capacity == BufferSize && Volatile.Read(ref disposed) == 0)
        {
            for (int i = 0; i < slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref slots[i], (nint)buffer.Pointer, 0) == 0)
                {
                    return;
                }
            }
        }
        NativeMemory.Free(buffer.Pointer);
    }

    /// <summary>Frees the idle buffers; buffers returned later are freed on return.</summary>
    public void Dispose()
    {
        Volatile.Write(ref disposed, 1);
        for (int i = 0; i < slots.Length; i++)
        {
            nint taken = Interlocked.Exchange(ref slots[i], 0);
            if (taken != 0)
            {
                NativeMemory.Free((void*)taken);
            }
        }
    }
}
