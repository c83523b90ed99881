using System.Numerics;
using System.Runtime.CompilerServices;

namespace Indra.Hashing;

/// <summary>
/// Incremental BLAKE3 in any mode (paper §2.3): absorb input with <see cref="Update"/> in pieces of any size, then
/// read the output with <see cref="Finalize()"/>. Keeps the current chunk plus a stack of subtree chaining values
/// with lazy merging (paper §5.1.2), and hashes large updates a whole power-of-two subtree at a time with the SIMD
/// kernels. Finalizing does not change the state, so it may be repeated or followed by more updates. Not thread-safe.
/// </summary>
public sealed class Blake3Hasher
{
    private const int StackCapacity = Blake3Constants.MaxDepth + 1;

    private CvWords _key; // not readonly: pinned with fixed
    private readonly uint _flags;
    private ChunkState _chunk;
    private CvStack _stack;
    private int _stackLength;

    /// <summary>Creates a hasher for the plain hash mode (key words = IV, no mode flag; paper §2.3).</summary>
    public Blake3Hasher()
    {
        Blake3Constants.WriteIV(_key);
        _chunk = new ChunkState(_key, 0, 0);
    }

    private Blake3Hasher(ReadOnlySpan<uint> key, uint flags)
    {
        key.CopyTo(_key);
        _flags = flags;
        _chunk = new ChunkState(_key, 0, flags);
    }

    /// <summary>Total input absorbed so far in bytes, including subtrees added with <see cref="AppendSubtree"/>.</summary>
    public ulong Count => (_chunk.ChunkCounter * Blake3Constants.ChunkLen) + (ulong)_chunk.Length;

    /// <summary>Creates a hasher for the keyed_hash mode (paper §2.3: key words from the key, KEYED_HASH flag).</summary>
    /// <param name="key">The 32-byte key.</param>
    /// <returns>A new hasher.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not exactly 32 bytes.</exception>
    public static Blake3Hasher CreateKeyed(ReadOnlySpan<byte> key)
    {
        Span<uint> words = stackalloc uint[8];
        Blake3.KeyWords(key, words);
        return new Blake3Hasher(words, Blake3Flags.KeyedHash);
    }

    /// <summary>
    /// Creates a hasher for the derive_key mode (paper §6.2): the key material is the input to <see cref="Update"/>
    /// and the output is the derived key. The context is hashed first (DERIVE_KEY_CONTEXT) into the context key.
    /// </summary>
    /// <param name="context">A hard-coded, globally unique, application-specific context string (hashed as UTF-8).</param>
    /// <returns>A new hasher.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static Blake3Hasher CreateDeriveKey(string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<uint> words = stackalloc uint[8];
        Blake3.ContextKeyWords(context, words);
        return new Blake3Hasher(words, Blake3Flags.DeriveKeyMaterial);
    }

    /// <summary>Absorbs <paramref name="input"/> (any length, including empty).</summary>
    /// <param name="input">The next input bytes.</param>
    public void Update(ReadOnlySpan<byte> input) => UpdateCore(input, 1);

    /// <summary>
    /// Adds a complete subtree by its cached chaining value instead of its bytes, as if its
    /// <paramref name="chunkCount"/> · 1024 bytes had been passed to <see cref="Update"/> (blake3.md §4.2; the
    /// hazmat-style "push a subtree" operation). The hasher must be at a chunk boundary whose chunk index
    /// (<see cref="Count"/> / 1024) is a multiple of <paramref name="chunkCount"/>, and <paramref name="cv"/> must be
    /// the non-root chaining value of exactly those chunks, computed in the same mode and with the same key (for
    /// example by <see cref="Blake3Subtree.ComputeChainingValue(ReadOnlySpan{byte}, ulong)"/> for the plain mode).
    /// If the whole input ends up being that single subtree, <see cref="Finalize()"/> throws, because the root flag
    /// must be applied inside the subtree.
    /// </summary>
    /// <param name="cv">The subtree's non-root chaining value.</param>
    /// <param name="chunkCount">Chunks (1024-byte units) in the subtree: a power of two ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkCount"/> is not a power of two.</exception>
    /// <exception cref="InvalidOperationException">
    /// The hasher is not at a chunk boundary, or its chunk index is not a multiple of <paramref name="chunkCount"/>.
    /// </exception>
    public unsafe void AppendSubtree(ChainingValue cv, ulong chunkCount)
    {
        if (!BitOperations.IsPow2(chunkCount))
        {
            throw new ArgumentOutOfRangeException(nameof(chunkCount), chunkCount, "The chunk count of a subtree must be a power of two.");
        }

        if (_chunk.Length % Blake3Constants.ChunkLen != 0)
        {
            throw new InvalidOperationException(
                $"A subtree can only be appended at a chunk boundary; {Count} bytes have been absorbed, which is not a multiple of 1024.");
        }

        fixed (uint* key = &_key[0])
        {
            if (_chunk.Length == Blake3Constants.ChunkLen)
            {
                // A full chunk is still buffered (it could have been the last one); more input follows, so finish it.
                byte* chunkCv = stackalloc byte[Blake3Constants.OutLen];
                _chunk.Output().ChainingValue(chunkCv);
                PushCv(chunkCv, _chunk.ChunkCounter, key);
                _chunk = new ChunkState(_key, _chunk.ChunkCounter + 1, _flags);
            }
        }

        ulong counter = _chunk.ChunkCounter;
        if (counter % chunkCount != 0)
        {
            throw new InvalidOperationException(
                $"A subtree of {chunkCount} chunks must start at a chunk index that is a multiple of {chunkCount}; the hasher is at chunk {counter}.");
        }

        byte* bytes = stackalloc byte[Blake3Constants.OutLen];
        cv.CopyTo(new Span<byte>(bytes, Blake3Constants.OutLen));
        fixed (uint* key = &_key[0])
        {
            PushCv(bytes, counter, key);
        }

        _chunk = new ChunkState(_key, counter + chunkCount, _flags);
    }

    /// <summary>Returns the 32-byte hash of everything absorbed so far, leaving the state unchanged.</summary>
    /// <returns>The hash.</returns>
    /// <exception cref="InvalidOperationException">The only input is one subtree added with <see cref="AppendSubtree"/>.</exception>
    public Blake3Hash Finalize()
    {
        Span<byte> bytes = stackalloc byte[Blake3Hash.Size];
        Finalize(0, bytes);
        return new Blake3Hash(bytes);
    }

    /// <summary>
    /// Writes the first <c>output.Length</c> bytes of the extendable output (paper §2.6) of everything absorbed so far,
    /// leaving the state unchanged. The first 32 bytes equal <see cref="Finalize()"/>.
    /// </summary>
    /// <param name="output">Where to write; any length.</param>
    /// <exception cref="InvalidOperationException">The only input is one subtree added with <see cref="AppendSubtree"/>.</exception>
    public void Finalize(Span<byte> output) => Finalize(0, output);

    /// <summary>
    /// Writes output bytes <c>[seek, seek + output.Length)</c> of the extendable output (paper §2.6), leaving the state
    /// unchanged. Output blocks are independent, so seeking costs nothing extra.
    /// </summary>
    /// <param name="seek">Offset into the output stream, in bytes.</param>
    /// <param name="output">Where to write; any length.</param>
    /// <exception cref="InvalidOperationException">The only input is one subtree added with <see cref="AppendSubtree"/>.</exception>
    public unsafe void Finalize(ulong seek, Span<byte> output)
    {
        OutputState root;
        if (_stackLength == 0)
        {
            root = _chunk.Output();
        }
        else
        {
            fixed (uint* key = &_key[0])
            fixed (byte* stack = &_stack[0])
            {
                int remaining;
                if (_chunk.Length > 0)
                {
                    root = _chunk.Output();
                    remaining = _stackLength;
                }
                else if (_stackLength >= 2)
                {
                    root = OutputState.Parent(stack + ((_stackLength - 2) * Blake3Constants.OutLen), key, _flags);
                    remaining = _stackLength - 2;
                }
                else
                {
                    throw new InvalidOperationException(
                        "The input is a single subtree given by its chaining value; its hash needs the root flag inside the subtree, so hash its bytes instead.");
                }

                byte* children = stackalloc byte[2 * Blake3Constants.OutLen];
                while (remaining > 0)
                {
                    new ReadOnlySpan<byte>(stack + ((remaining - 1) * Blake3Constants.OutLen), Blake3Constants.OutLen)
                        .CopyTo(new Span<byte>(children, Blake3Constants.OutLen));
                    root.ChainingValue(children + Blake3Constants.OutLen);
                    root = OutputState.Parent(children, key, _flags);
                    remaining--;
                }
            }
        }

        root.RootBytes(seek, output);
    }

    /// <summary>Forgets all input, keeping the mode and key.</summary>
    public void Reset()
    {
        _chunk = new ChunkState(_key, 0, _flags);
        _stackLength = 0;
    }

    /// <summary>
    /// Absorbs <paramref name="input"/>, hashing whole subtrees of at least 256 KiB on up to
    /// <paramref name="degree"/> threads.
    /// </summary>
    internal unsafe void UpdateCore(ReadOnlySpan<byte> input, int degree)
    {
        fixed (byte* start = input)
        fixed (uint* key = &_key[0])
        {
            byte* p = start;
            nuint remaining = (nuint)input.Length;

            // Finish a partly filled chunk first.
            if (_chunk.Length > 0)
            {
                int take = (int)Math.Min((nuint)(Blake3Constants.ChunkLen - _chunk.Length), remaining);
                _chunk.Update(new ReadOnlySpan<byte>(p, take));
                p += take;
                remaining -= (nuint)take;
                if (remaining == 0)
                {
                    return;
                }

                // The chunk is full and more input follows, so it is not the root.
                byte* cv = stackalloc byte[Blake3Constants.OutLen];
                _chunk.Output().ChainingValue(cv);
                ulong counter = _chunk.ChunkCounter;
                PushCv(cv, counter, key);
                _chunk = new ChunkState(_key, counter + 1, _flags);
            }

            // Whole subtrees, as large as the remaining input and the current position allow. The subtree's own top
            // node is never compressed here (its two halves are pushed), since it might turn out to be the root.
            byte* pair = stackalloc byte[2 * Blake3Constants.OutLen];
            while (remaining > Blake3Constants.ChunkLen)
            {
                ulong counter = _chunk.ChunkCounter;
                ulong subtreeLength = Blake3Tree.LargestPowerOfTwoAtMost(remaining);
                ulong position = counter * Blake3Constants.ChunkLen;
                while ((position & (subtreeLength - 1)) != 0)
                {
                    subtreeLength >>= 1;
                }

                ulong subtreeChunks = subtreeLength / Blake3Constants.ChunkLen;
                if (subtreeChunks == 1)
                {
                    Blake3Tree.HashChunks(p, Blake3Constants.ChunkLen, counter, key, _flags, pair);
                    PushCv(pair, counter, key);
                }
                else
                {
                    ulong halfChunks = subtreeChunks / 2;
                    Blake3ParallelTree.SubtreeChildren(p, subtreeLength, counter, key, _flags, degree, pair);
                    PushCv(pair, counter, key);
                    PushCv(pair + Blake3Constants.OutLen, counter + halfChunks, key);
                }

                _chunk = new ChunkState(_key, counter + subtreeChunks, _flags);
                p += subtreeLength;
                remaining -= (nuint)subtreeLength;
            }

            // At most one chunk's worth is left: keep it in the chunk state (it may be the last chunk).
            if (remaining > 0)
            {
                MergeCvStack(_chunk.ChunkCounter, key);
                _chunk.Update(new ReadOnlySpan<byte>(p, (int)remaining));
            }
        }
    }

    /// <summary>
    /// Lazy merge (paper §5.1.2): with <paramref name="totalChunks"/> chunks complete, the stack should hold one
    /// subtree per 1-bit of that count; merge the top pairs until it does.
    /// </summary>
    private unsafe void MergeCvStack(ulong totalChunks, uint* key)
    {
        int target = BitOperations.PopCount(totalChunks);
        if (_stackLength <= target)
        {
            return;
        }

        fixed (byte* stack = &_stack[0])
        {
            while (_stackLength > target)
            {
                byte* top = stack + ((_stackLength - 2) * Blake3Constants.OutLen);
                Blake3Tree.HashParent(top, key, _flags, top);
                _stackLength--;
            }
        }
    }

    /// <summary>Pushes the chaining value of a subtree that starts at chunk <paramref name="chunkCounter"/>.</summary>
    private unsafe void PushCv(byte* cv, ulong chunkCounter, uint* key)
    {
        MergeCvStack(chunkCounter, key);
        fixed (byte* stack = &_stack[0])
        {
            new ReadOnlySpan<byte>(cv, Blake3Constants.OutLen)
                .CopyTo(new Span<byte>(stack + (_stackLength * Blake3Constants.OutLen), Blake3Constants.OutLen));
        }

        _stackLength++;
    }

    /// <summary>Storage for up to 55 subtree chaining values (paper §5.1.2, MAX_DEPTH + 1 with lazy merging).</summary>
    [InlineArray(StackCapacity * Blake3Constants.OutLen)]
    private struct CvStack
    {
        private byte _element0;
    }
}
