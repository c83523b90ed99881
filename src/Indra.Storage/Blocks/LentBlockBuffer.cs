namespace Indra.Storage.Blocks;

/// <summary>
/// An aligned native buffer that the current thread filled with bytes it is about to pass down as a block and lends
/// to the block write queue for the length of one call: a FUSE WRITE request whose payload the receive path read
/// straight into such a buffer (<c>readv(2)</c>). A block queued for a direct write (<see cref="BlockWriteQueue"/>)
/// whose bytes are exactly the lent range takes the buffer instead of copying the bytes into one of its own; the
/// lender then owns it no longer and rents another for its next request. Per thread: a loan is seen only by calls on
/// the thread that made it.
/// </summary>
public static unsafe class LentBlockBuffer
{
    [ThreadStatic]
    private static Loan? _current;

    /// <summary>
    /// A buffer of at least <paramref name="length"/> bytes, 4 KiB aligned, for receiving into: an idle one of the block
    /// buffers if any, else new memory that is not offered as huge pages (a receive buffer mostly holds small requests,
    /// whose first page only is then touched). Give it back with <see cref="Return"/> unless it was taken.
    /// </summary>
    public static (nint Pointer, int Capacity) Rent(int length) => AlignedBuffers.Rent(length, hugePages: false);

    /// <summary>Gives back a buffer from <see cref="Rent"/> that no block took.</summary>
    public static void Return((nint Pointer, int Capacity) buffer) => AlignedBuffers.Return(buffer);

    /// <summary>
    /// Lends <paramref name="buffer"/> (from <see cref="Rent"/>), whose first <paramref name="length"/> bytes are a
    /// block's candidate bytes, until <see cref="EndLoan"/> on this thread.
    /// </summary>
    public static void Lend((nint Pointer, int Capacity) buffer, int length)
    {
        var loan = _current ??= new Loan();
        loan.Buffer = buffer;
        loan.Length = length;
        loan.Taken = false;
        loan.Active = true;
    }

    /// <summary>Ends this thread's loan.</summary>
    /// <returns>True when the buffer is still the caller's; false when a block took it (the caller must not touch it
    /// again: it is written and then reused elsewhere).</returns>
    public static bool EndLoan()
    {
        var loan = _current;
        if (loan is null || !loan.Active) return true;
        loan.Active = false;
        return !loan.Taken;
    }

    /// <summary>
    /// Takes this thread's lent buffer when <paramref name="data"/> is exactly its lent range (same start, same length).
    /// </summary>
    internal static bool TryTake(ReadOnlySpan<byte> data, out (nint Pointer, int Capacity) buffer)
    {
        buffer = default;
        var loan = _current;
        if (loan is null || !loan.Active || loan.Taken || data.Length != loan.Length) return false;
        fixed (byte* start = data)
        {
            if ((nint)start != loan.Buffer.Pointer) return false;
        }
        loan.Taken = true;
        buffer = loan.Buffer;
        return true;
    }

    private sealed class Loan
    {
        public (nint Pointer, int Capacity) Buffer;
        public int Length;
        public bool Active;
        public bool Taken;
    }
}
