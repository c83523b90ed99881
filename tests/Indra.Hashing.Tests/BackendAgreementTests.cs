using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>Every SIMD kernel agrees with the scalar one on random inputs in every mode and shape.</summary>
[TestFixture]
[NonParallelizable] // forces the process-wide kernel choice
public sealed class BackendAgreementTests
{
    private static IEnumerable<string> SimdBackends() => Backends.RunnableNames.Where(b => b != nameof(Blake3Backend.Scalar));

    [Test]
    public void Implementation_DescribesTheDetectedKernel()
    {
        TestContext.Out.WriteLine($"BLAKE3 implementation: {Blake3.Implementation}; runnable: {string.Join(", ", Backends.RunnableNames)}");
        Assert.That(Blake3.Implementation, Is.Not.Empty);
        using (Backends.Force(Blake3Backend.Scalar))
        {
            Assert.That(Blake3.Implementation, Is.EqualTo("scalar"));
        }
    }

    [Test]
    public void ScalarAndVector128_AlwaysRunnable()
    {
        Assert.That(Backends.Runnable, Does.Contain(Blake3Backend.Scalar));
        if (BitConverter.IsLittleEndian)
        {
            Assert.That(Backends.Runnable, Does.Contain(Blake3Backend.Vector128));
        }
    }

    [TestCaseSource(nameof(SimdBackends))]
    public void RandomInputs_AllModes_MatchScalar(string backend)
    {
        Random random = new(backend.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        for (int iteration = 0; iteration < 12; iteration++)
        {
            int length = random.Next(3) == 0 ? random.Next(0, 2048) : random.Next(0, 150_000);
            byte[] input = RandomBytes.Next(random, length);
            byte[] key = RandomBytes.Next(random, 32);
            int outputLength = random.Next(1, 200);

            byte[][] expected = Compute(Blake3Backend.Scalar.ToString(), input, key, outputLength);
            byte[][] actual = Compute(backend, input, key, outputLength);
            Assert.That(actual, Is.EqualTo(expected), $"iteration {iteration}, length {length}");
        }
    }

    [TestCaseSource(nameof(SimdBackends))]
    public void ChunkCountersCrossing2To32_MatchScalar(string backend)
    {
        // Aligned subtrees never put 2^32 inside one kernel call, so call the multi-chunk compression directly with an
        // unaligned counter to check the carry into the counter's high word in every lane.
        byte[] chunks = RandomBytes.Next(new Random(7), 37 * 1024);
        ulong counter = (1UL << 32) - 5;
        byte[] expected = HashChunks(Blake3Backend.Scalar.ToString(), chunks, counter);
        Assert.That(HashChunks(backend, chunks, counter), Is.EqualTo(expected));
    }

    private static unsafe byte[] HashChunks(string backend, byte[] chunks, ulong counter)
    {
        using IDisposable _ = Backends.Force(backend);
        int count = chunks.Length / 1024;
        byte[] cvs = new byte[count * 32];
        uint* key = stackalloc uint[8];
        Blake3Constants.WriteIV(new Span<uint>(key, 8));
        fixed (byte* input = chunks)
        fixed (byte* output = cvs)
        {
            Blake3HashMany.Hash(input, (nuint)count, 16, key, counter, true, 0, 1, 2, output);
        }

        return cvs;
    }

    [Test]
    public void SingleBlockCompression_RowWiseMatchesScalar()
    {
        if (!Blake3CompressRows.IsSupported)
        {
            Assert.Ignore("The row-wise single-block compression needs AVX2; the scalar one is covered by the vector tests.");
        }

        Random random = new(11);
        for (int i = 0; i < 500; i++)
        {
            uint[] cv = [.. Enumerable.Range(0, 8).Select(_ => (uint)random.NextInt64(0, 1L << 32))];
            byte[] block = RandomBytes.Next(random, 64);
            uint blockLength = (uint)random.Next(0, 65);
            ulong counter = (ulong)random.NextInt64();
            uint flags = (uint)random.Next(0, 128);

            uint[] scalarXof = new uint[16];
            uint[] rowsXof = new uint[16];
            Blake3CompressScalar.CompressXof(ref cv[0], ref block[0], blockLength, counter, flags, ref scalarXof[0]);
            Blake3CompressRows.CompressXof(ref cv[0], ref block[0], blockLength, counter, flags, ref rowsXof[0]);
            Assert.That(rowsXof, Is.EqualTo(scalarXof));

            uint[] scalarCv = [.. cv];
            uint[] rowsCv = [.. cv];
            Blake3CompressScalar.CompressInPlace(ref scalarCv[0], ref block[0], blockLength, counter, flags);
            Blake3CompressRows.CompressInPlace(ref rowsCv[0], ref block[0], blockLength, counter, flags);
            Assert.That(rowsCv, Is.EqualTo(scalarCv));
            Assert.That(rowsCv, Is.EqualTo(scalarXof.AsSpan(0, 8).ToArray()));
        }
    }

    [Test]
    public void ForcingAKernelThatCannotRun_Throws()
    {
        foreach (Blake3Backend backend in Enum.GetValues<Blake3Backend>().Where(b => !Blake3Dispatch.CanRun(b)))
        {
            Assert.That(() => Blake3Dispatch.Forced = backend, Throws.TypeOf<PlatformNotSupportedException>());
        }

        Assert.That(Blake3Dispatch.Forced, Is.Null);
    }

    private static byte[][] Compute(string backend, byte[] input, byte[] key, int outputLength)
    {
        using IDisposable _ = Backends.Force(backend);
        byte[] hash = new byte[outputLength];
        byte[] keyed = new byte[outputLength];
        byte[] derived = new byte[outputLength];
        Blake3.Hash(input, hash);
        Blake3.KeyedHash(key, input, keyed);
        Blake3.DeriveKey("Indra backend agreement", input, derived);
        return [hash, keyed, derived, Blake3.HashParallel(input, 3).ToArray()];
    }
}
