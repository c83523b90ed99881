namespace Indra.Hashing;

/// <summary>
/// Multi-threaded hashing of a (sub)tree held in memory (paper §5.2). The input is cut into equal power-of-two
/// "pieces" of whole chunks (the last may be short); each piece is a complete node of the BLAKE3 tree (paper §2.1,
/// hazmat <c>max_subtree_len</c>), so pieces are hashed independently on the thread pool and their chaining values are
/// merged level by level afterwards, exactly as cached block CVs are (blake3.md §4.2).
/// </summary>
internal static unsafe class Blake3ParallelTree
{
    /// <summary>Smallest piece handed to a thread, in bytes (a power of two; below this, threading costs dominate).</summary>
    public const ulong MinPieceLength = 128 * 1024;

    /// <summary>Pieces per thread, for load balance.</summary>
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

        byte[] cvs = HashPieces(input, length, 0, pieceLength, key, flags, degree, out int count);
        fixed (byte* c = cvs)
        {
            Blake3Tree.ReduceToTwo(c, count, key, flags);
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

        byte[] cvs = HashPieces(input, length, counter, pieceLength, key, flags, degree, out int count);
        fixed (byte* c = cvs)
        {
            Blake3Tree.ReduceToTwo(c, count, key, flags);
            Blake3Tree.HashParent(c, key, flags, cvOut);
        }
    }

    /// <summary>
    /// The piece length for <paramref name="length"/> bytes on <paramref name="degree"/> threads, or 0 when the
    /// input should be hashed on one thread. A non-zero result is a power of two ≥ 1024 and &lt; <paramref name="length"/>,
    /// so there are always at least two pieces.
    /// </summary>
    private static ulong PieceLength(ulong length, int degree)
    {
        if (degree <= 1 || length < 2 * MinPieceLength)
        {
            return 0;
        }

        ulong target = length / ((ulong)degree * PiecesPerThread);
        ulong piece = target <= MinPieceLength ? MinPieceLength : Blake3Tree.LargestPowerOfTwoAtMost(target);
        return piece < length ? piece : 0;
    }

    private static byte[] HashPieces(byte* input, ulong length, ulong counter, ulong pieceLength, uint* key, uint flags,
        int degree, out int count)
    {
        int pieces = checked((int)((length + pieceLength - 1) / pieceLength));
        byte[] cvs = new byte[pieces * Blake3Constants.OutLen];
        nint inputAddress = (nint)input;
        nint keyAddress = (nint)key;
        ulong pieceChunks = pieceLength / Blake3Constants.ChunkLen;
        ParallelOptions options = new() { MaxDegreeOfParallelism = degree };
        Parallel.For(0, pieces, options, i =>
        {
            ulong start = (ulong)i * pieceLength;
            ulong pieceBytes = Math.Min(pieceLength, length - start);
            fixed (byte* c = cvs)
            {
                Blake3Tree.SubtreeCv((byte*)inputAddress + start, pieceBytes, counter + ((ulong)i * pieceChunks),
                    (uint*)keyAddress, flags, c + (i * Blake3Constants.OutLen));
            }
        });
        count = pieces;
        return cvs;
    }
}
