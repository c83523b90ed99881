namespace Indra.Platform.Fuse.Native;

/// <summary>A buffer rented from a <see cref="NativeBufferPool"/>; dispose it to give it back.</summary>
internal readonly unsafe struct NativeBuffer : IDisposable
{
    private readonly NativeBufferPool? pool;

    /// <summary>Wraps native memory of <paramref name="capacity"/> bytes owned by <paramref name="pool"/> (null: by
    /// someone else, see <see cref="Unowned"/>).</summary>
    public NativeBuffer(NativeBufferPool? pool, byte* pointer, nuint capacity)
    {
        this.pool = pool;
        Pointer = pointer;
        Capacity = capacity;
    }

    /// <summary>Wraps native memory the caller keeps owning (disposing the wrapper does nothing).</summary>
    public static NativeBuffer Unowned(byte* pointer, nuint capacity) => new(null, pointer, capacity);

    /// <summary>Start of the memory (never moves).</summary>
    public byte* Pointer { get; }

    /// <summary>Usable size in bytes.</summary>
    public nuint Capacity { get; }

    /// <summary>The first <paramref name="length"/> bytes as a span.</summary>
    public Span<byte> AsSpan(int length) => new(Pointer, length);

    /// <summary>Returns the buffer to its pool (or frees it); a default instance does nothing.</summary>
    public void Dispose() => pool?.Return(this);
}
