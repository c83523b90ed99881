namespace Indra.Hashing;

/// <summary>
/// One fork-join over the pieces of an in-memory subtree (see <see cref="Blake3ParallelTree"/>): the calling thread and
/// up to <c>degree − 1</c> thread-pool helpers claim pieces one at a time from a shared counter and write each piece's
/// chaining value into <see cref="Cvs"/>. Nobody waits for a helper that has not started: the caller keeps claiming
/// until every piece is taken and then waits only for pieces already being hashed elsewhere (at most one piece's
/// time). A helper that starts after every piece was claimed returns at once without touching the input. So on a
/// loaded machine the job degrades to the caller hashing alone, never to the caller waiting for a thread to wake.
/// </summary>
internal sealed unsafe class Blake3PieceJob : IThreadPoolWorkItem
{
    private readonly nint _input;
    private readonly ulong _length;
    private readonly ulong _counter;
    private readonly ulong _pieceLength;
    private readonly nint _key;
    private readonly uint _flags;
    private readonly int _pieces;
    private readonly ManualResetEventSlim _finished = new(false);
    private int _claimed;
    private int _completed;

    private Blake3PieceJob(byte* input, ulong length, ulong counter, ulong pieceLength, uint* key, uint flags)
    {
        _input = (nint)input;
        _length = length;
        _counter = counter;
        _pieceLength = pieceLength;
        _key = (nint)key;
        _flags = flags;
        _pieces = checked((int)((length + pieceLength - 1) / pieceLength));
        Cvs = new byte[_pieces * Blake3Constants.OutLen];
    }

    /// <summary>The pieces' chaining values, 32 bytes each, in input order.</summary>
    public byte[] Cvs { get; }

    /// <summary>How many pieces (and chaining values) there are.</summary>
    public int Count => _pieces;

    /// <summary>
    /// Hashes <paramref name="length"/> bytes at <paramref name="input"/>, starting at chunk
    /// <paramref name="counter"/>, as pieces of <paramref name="pieceLength"/> bytes (a power-of-two number of chunks;
    /// the last piece may be short) on the calling thread and up to <paramref name="degree"/> − 1 helpers. Returns when
    /// every piece's chaining value is in <see cref="Cvs"/>; <paramref name="input"/> and <paramref name="key"/> are
    /// not read after that.
    /// </summary>
    public static Blake3PieceJob Run(byte* input, ulong length, ulong counter, ulong pieceLength, uint* key, uint flags, int degree)
    {
        Blake3PieceJob job = new(input, length, counter, pieceLength, key, flags);
        int helpers = Math.Min(degree, job._pieces) - 1;
        for (int i = 0; i < helpers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        }

        job.Execute();
        if (Volatile.Read(ref job._completed) != job._pieces)
        {
            job._finished.Wait();
        }

        return job;
    }

    /// <summary>Claims and hashes pieces until none is left.</summary>
    public void Execute()
    {
        int i;
        while ((i = Interlocked.Increment(ref _claimed) - 1) < _pieces)
        {
            ulong start = (ulong)i * _pieceLength;
            ulong bytes = Math.Min(_pieceLength, _length - start);
            fixed (byte* cvs = Cvs)
            {
                Blake3Tree.SubtreeCv((byte*)_input + start, bytes, _counter + (start / Blake3Constants.ChunkLen),
                    (uint*)_key, _flags, cvs + (i * Blake3Constants.OutLen));
            }

            if (Interlocked.Increment(ref _completed) == _pieces)
            {
                _finished.Set();
            }
        }
    }
}
