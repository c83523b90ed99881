namespace Indra.Hashing;

/// <summary>
/// Multi-threaded hashing of a (sub)tree held in memory (paper §5.2). The input is cut into equal power-of-two
/// "pieces" of whole chunks (the last may be short); each piece is a complete node of the BLAKE3 tree (paper §2.1,
/// hazmat <c>max_subtree_len</c>), so pieces are hashed independently (<see cref="Blake3PieceJob"/>: the caller and
/// thread-pool helpers claim them one at a time) and their chaining values are merged level by level afterwards,
/// exactly as cached block CVs are (blake3.md §4.2).
/// </summary>
internal static unsafe class Blake3ParallelTree
{
    /// <summary>
    /// Smallest piece, in bytes (a power of two). Inputs shorter than two pieces are hashed on the calling thread:
    /// 128 KiB is about 25 µs of hashing, the order of waking a pool thread.
    /// </summary>
    public const ulong MinPieceLength = 128 * 1024;

    /// <summary>
    /// Largest piece, in bytes (a power of two): about 0.2 ms of hashing, so a helper that a loaded machine delays or
    /// preempts holds back at most that much work at the end.
    /// </summary>
    public const ulong MaxPieceLength = 1024 * 1024;

    /// <summary>Pieces per thread at least, below the largest piece length (so that a late helper still finds work).</summary>
    private const int PiecesPerThread = 4;

    /// <summary>
    /// The root node of the whole input, using up to <paramref name="degree"/> threads (see
    /// <see cref="Blake3Tree.RootOutput"/>).
    /// </summary>
    public static OutputState RootOutput(byte* input, ulong length, uint* key, uint flags, int degree)
    {
        ulong pieceLength = PieceLength(length, degree);
        if (pieceLength == 0)
        {
            return Blake3Tree.RootOutput(input, length, key, flags);
        }

        Blake3PieceJob job = Blake3PieceJob.Run(input, length, 0, pieceLength, key, flags, degree);
        fixed (byte* c = job.Cvs)
        {
            Blake3Tree.ReduceToTwo(c, job.Count, key, flags);
            return OutputState.Parent(c, key, flags);
        }
    }

    /// <summary>
    /// Writes the non-root chaining value of a valid subtree (see <see cref="Blake3Tree.SubtreeCv"/>), using up to
    /// <paramref name="degree"/> threads.
    /// </summary>
    public static void SubtreeCv(byte* input, ulong length, ulong counter, uint* key, uint flags, int degree, byte* cvOut)
    {
        ulong pieceLength = PieceLength(length, degree);
        if (pieceLength == 0)
        {
            Blake3Tree.SubtreeCv(input, length, counter, key, flags, cvOut);
            return;
        }

        Blake3PieceJob job = Blake3PieceJob.Run(input, length, counter, pieceLength, key, flags, degree);
        fixed (byte* c = job.Cvs)
        {
            Blake3Tree.ReduceToTwo(c, job.Count, key, flags);
            Blake3Tree.HashParent(c, key, flags, cvOut);
        }
    }

    /// <summary>
    /// Writes the chaining values of the two children (64 bytes: left ‖ right) of a valid subtree of
    /// <paramref name="length"/> bytes, a power of two of at least two chunks, that starts at chunk
    /// <paramref name="counter"/>, using up to <paramref name="degree"/> threads in one fork-join.
    /// </summary>
    public static void SubtreeChildren(byte* input, ulong length, ulong counter, uint* key, uint flags, int degree, byte* pairOut)
    {
        ulong half = length / 2;
        ulong pieceLength = PieceLength(length, degree);
        if (pieceLength == 0)
        {
            Blake3Tree.SubtreeCv(input, half, counter, key, flags, pairOut);
            Blake3Tree.SubtreeCv(input + half, half, counter + (half / Blake3Constants.ChunkLen), key, flags, pairOut + Blake3Constants.OutLen);
            return;
        }

        Blake3PieceJob job = Blake3PieceJob.Run(input, length, counter, pieceLength, key, flags, degree);
        fixed (byte* c = job.Cvs)
        {
            Blake3Tree.ReduceToTwo(c, job.Count, key, flags);
            new ReadOnlySpan<byte>(c, 2 * Blake3Constants.OutLen).CopyTo(new Span<byte>(pairOut, 2 * Blake3Constants.OutLen));
        }
    }

    /// <summary>
    /// The piece length for <paramref name="length"/> bytes on <paramref name="degree"/> threads, or 0 when the
    /// input should be hashed on one thread. A non-zero result is a power of two ≥ <see cref="MinPieceLength"/> and
    /// &lt; <paramref name="length"/>, so there are always at least two pieces.
    /// </summary>
    private static ulong PieceLength(ulong length, int degree)
    {
        if (degree <= 1 || length < 2 * MinPieceLength)
        {
            return 0;
        }

        ulong target = length / ((ulong)degree * PiecesPerThread);
        ulong piece = target <= MinPieceLength ? MinPieceLength : Math.Min(MaxPieceLength, Blake3Tree.LargestPowerOfTwoAtMost(target));
        return piece < length ? piece : 0;
    }
}
