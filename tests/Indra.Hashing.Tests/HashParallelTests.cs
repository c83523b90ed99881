using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>Multi-threaded hashing (paper §5.2) always equals the serial hash.</summary>
[TestFixture]
public sealed class HashParallelTests
{
    private static byte[]? _large;

    private static byte[] Large => _large ??= RandomBytes.Next(new Random(64), 64 * 1024 * 1024);

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1024)]
    [TestCase(256 * 1024 - 1)]
    [TestCase(256 * 1024)]
    [TestCase(256 * 1024 + 1)]
    [TestCase(1024 * 1024 + 1024)]
    [TestCase(3 * 1024 * 1024 + 5)]
    [TestCase(8 * 1024 * 1024)]
    [TestCase(17 * 1024 * 1024 + 1023)]
    [TestCase(64 * 1024 * 1024)]
    public void EqualsSerialHash(int length)
    {
        ReadOnlySpan<byte> input = Large.AsSpan(0, length);
        Blake3Hash expected = Blake3.Hash(input);
        foreach (int degree in new[] { -1, 1, 2, 3, 8 })
        {
            Assert.That(Blake3.HashParallel(input, degree), Is.EqualTo(expected), $"degree {degree}");
        }
    }

    [Test]
    public void BusyThreadPool_CallerHashesAlone()
    {
        // Every pool worker is blocked (and more work is queued behind them), so no helper can start: the caller
        // must claim every piece itself instead of waiting for a helper.
        byte[] input = Large.AsSpan(0, 9 * 1024 * 1024 + 333).ToArray();
        Blake3Hash expected = Blake3.Hash(input);
        ManualResetEventSlim gate = new(false); // not disposed: blockers queued behind others may run after the test
        int blockers = ThreadPool.ThreadCount + 2;
        for (int i = 0; i < blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => gate.Wait(), null);
        }

        try
        {
            Assert.That(Blake3.HashParallel(input, 4), Is.EqualTo(expected));
        }
        finally
        {
            gate.Set();
        }
    }

    [TestCase(0)]
    [TestCase(-2)]
    public void InvalidDegree_Throws(int degree) =>
        Assert.That(() => Blake3.HashParallel([1, 2, 3], degree), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void ParallelIncrementalUpdate_EqualsSerialHash()
    {
        // Large updates hash each half of a subtree on several threads (used by HashStream).
        byte[] input = Large.AsSpan(0, 9 * 1024 * 1024 + 333).ToArray();
        Blake3Hasher hasher = new();
        hasher.UpdateCore(input.AsSpan(0, 100), 4);
        hasher.UpdateCore(input.AsSpan(100, 5 * 1024 * 1024), 4);
        hasher.UpdateCore(input.AsSpan(100 + (5 * 1024 * 1024)), 4);
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(input)));
    }
}
