using System.Text;

namespace Indra.Hashing;

/// <summary>
/// One-shot BLAKE3 (paper §2) in the three modes of paper §2.3: hash, keyed_hash and derive_key, with 32-byte or
/// extendable output, single-threaded or split across cores. Large inputs are hashed many chunks at a time with the
/// widest SIMD kernel the CPU offers (see <see cref="Implementation"/>).
/// </summary>
public static partial class Blake3
{
    /// <summary>
    /// The SIMD kernel in use, for diagnostics: "AVX-512 16-way", "AVX2 8-way", "SSSE3/Vector128 4-way",
    /// "Vector128 4-way" or "scalar".
    /// </summary>
    public static string Implementation => Blake3Dispatch.Describe(Blake3Dispatch.Active);

    /// <summary>The 32-byte hash of <paramref name="input"/> (paper §2.3, hash mode).</summary>
    /// <param name="input">The input bytes (any length).</param>
    /// <returns>The hash.</returns>
    public static Blake3Hash Hash(ReadOnlySpan<byte> input)
    {
        Span<byte> output = stackalloc byte[Blake3Hash.Size];
        Hash(input, output);
        return new Blake3Hash(output);
    }

    /// <summary>
    /// Writes the first <c>output.Length</c> bytes of the extendable output (paper §2.6) of <paramref name="input"/>
    /// in hash mode. The first 32 bytes equal <see cref="Hash(ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <param name="input">The input bytes (any length).</param>
    /// <param name="output">Where to write; any length.</param>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<uint> key = stackalloc uint[8];
        Blake3Constants.WriteIV(key);
        Root(input, key, 0, 1).RootBytes(0, output);
    }

    /// <summary>The 32-byte keyed hash (a MAC) of <paramref name="input"/> (paper §2.3, keyed_hash mode).</summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="input">The input bytes (any length).</param>
    /// <returns>The keyed hash.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not exactly 32 bytes.</exception>
    public static Blake3Hash KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input)
    {
        Span<byte> output = stackalloc byte[Blake3Hash.Size];
        KeyedHash(key, input, output);
        return new Blake3Hash(output);
    }

    /// <summary>
    /// Writes the first <c>output.Length</c> bytes of the extendable keyed-hash output (paper §2.3, §2.6).
    /// </summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="input">The input bytes (any length).</param>
    /// <param name="output">Where to write; any length.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not exactly 32 bytes.</exception>
    public static void KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<uint> words = stackalloc uint[8];
        KeyWords(key, words);
        Root(input, words, Blake3Flags.KeyedHash, 1).RootBytes(0, output);
    }

    /// <summary>
    /// Derives <c>output.Length</c> bytes of key from <paramref name="keyMaterial"/> (paper §6.2, derive_key mode):
    /// the UTF-8 <paramref name="context"/> is hashed with DERIVE_KEY_CONTEXT into a context key, which then keys the
    /// hash of the key material with DERIVE_KEY_MATERIAL.
    /// </summary>
    /// <param name="context">A hard-coded, globally unique, application-specific context string, e.g.
    /// "[application] [commit timestamp] [purpose]".</param>
    /// <param name="keyMaterial">The secret input (any length).</param>
    /// <param name="output">Where the derived key goes; any length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static void DeriveKey(string context, ReadOnlySpan<byte> keyMaterial, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<uint> words = stackalloc uint[8];
        ContextKeyWords(context, words);
        Root(keyMaterial, words, Blake3Flags.DeriveKeyMaterial, 1).RootBytes(0, output);
    }

    /// <summary>
    /// The 32-byte hash of <paramref name="input"/>, computed on several threads (paper §5.2): the input is cut into
    /// equal power-of-two-chunk subtrees aligned to their size, hashed in parallel, and their chaining values merged.
    /// The result always equals <see cref="Hash(ReadOnlySpan{byte})"/>. Inputs under 256 KiB use one thread.
    /// </summary>
    /// <param name="input">The input bytes (any length).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for <see cref="Environment.ProcessorCount"/>.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    public static Blake3Hash HashParallel(ReadOnlySpan<byte> input, int maxDegreeOfParallelism = -1)
    {
        int degree = ResolveDegree(maxDegreeOfParallelism);
        Span<uint> key = stackalloc uint[8];
        Blake3Constants.WriteIV(key);
        Span<byte> output = stackalloc byte[Blake3Hash.Size];
        Root(input, key, 0, degree).RootBytes(0, output);
        return new Blake3Hash(output);
    }

    /// <summary>Checks a degree of parallelism argument and turns -1 into the processor count.</summary>
    internal static int ResolveDegree(int maxDegreeOfParallelism, string paramName = "maxDegreeOfParallelism")
    {
        if (maxDegreeOfParallelism == -1)
        {
            return Environment.ProcessorCount;
        }

        if (maxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, maxDegreeOfParallelism,
                "The degree of parallelism must be -1 (all processors) or at least 1.");
        }

        return maxDegreeOfParallelism;
    }

    /// <summary>Reads a 32-byte key as 8 little-endian words (paper §2.3).</summary>
    internal static void KeyWords(ReadOnlySpan<byte> key, Span<uint> words)
    {
        if (key.Length != Blake3Constants.KeyLen)
        {
            throw new ArgumentException($"A BLAKE3 key is exactly {Blake3Constants.KeyLen} bytes; got {key.Length}.", nameof(key));
        }

        Blake3Words.FromBytes(key, words);
    }

    /// <summary>The derive_key context key (paper §6.2): hash of the UTF-8 context with DERIVE_KEY_CONTEXT, as words.</summary>
    internal static void ContextKeyWords(string context, Span<uint> words)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(context);
        Span<uint> iv = stackalloc uint[8];
        Blake3Constants.WriteIV(iv);
        Span<byte> contextKey = stackalloc byte[Blake3Constants.KeyLen];
        Root(utf8, iv, Blake3Flags.DeriveKeyContext, 1).RootBytes(0, contextKey);
        Blake3Words.FromBytes(contextKey, words);
    }

    /// <summary>The root node of <paramref name="input"/> with the given key words and mode flags.</summary>
    internal static unsafe OutputState Root(ReadOnlySpan<byte> input, ReadOnlySpan<uint> key, uint flags, int degree)
    {
        fixed (byte* p = input)
        fixed (uint* k = key)
        {
            return Blake3ParallelTree.RootOutput(p, (ulong)input.Length, k, flags, degree);
        }
    }
}
