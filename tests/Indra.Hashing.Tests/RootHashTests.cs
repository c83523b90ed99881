using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>
/// Rebuilding a file's hash from cached full-block chaining values plus the tail (blake3.md §4.2) equals hashing
/// the whole file.
/// </summary>
[TestFixture]
public sealed class RootHashTests
{
    private static readonly int[] BlockSizes = [1024, 2048, 4096, 16 * 1024, 64 * 1024, 128 * 1024, 1024 * 1024];

    [TestCaseSource(typeof(RandomBytes), nameof(RandomBytes.Seeds))]
    public void RandomFiles_RootHashEqualsHash(int seed)
    {
        Random random = new(seed);
        for (int iteration = 0; iteration < 25; iteration++)
        {
            int blockSize = 1024 << random.Next(0, 11); // 1 KiB .. 1 MiB
            int maxBlocks = Math.Max(1, (6 * 1024 * 1024) / blockSize);
            int n = random.Next(0, Math.Min(maxBlocks, 40) + 1);
            int tailLength = PickTailLength(random, blockSize);
            if (n == 1 && tailLength == 0)
            {
                tailLength = 1;
            }

            AssertRootHashEqualsHash(random, blockSize, n, tailLength, $"seed {seed}, iteration {iteration}");
        }
    }

    [Test]
    public void EveryBlockSize_SpecialTailLengths()
    {
        Random random = new(31337);
        foreach (int blockSize in BlockSizes)
        {
            foreach (int n in new[] { 1, 2, 3, 4, 5, 7, 8, 9 })
            {
                foreach (int tail in new[] { 0, 1, 1023, 1024, 1025, blockSize - 1 }.Where(t => t < blockSize).Distinct())
                {
                    if ((n == 1 && tail == 0) || (long)n * blockSize > 4 * 1024 * 1024)
                    {
                        continue;
                    }

                    AssertRootHashEqualsHash(random, blockSize, n, tail, $"block {blockSize}, n {n}, tail {tail}");
                }
            }
        }
    }

    [Test]
    public void NoFullBlocks_IsHashOfTail()
    {
        byte[] tail = TestVectors.Input(777);
        Assert.That(Blake3Subtree.RootHash([], 4096, tail), Is.EqualTo(Blake3.Hash(tail)));
        Assert.That(Blake3Subtree.RootHash([], 4096, []), Is.EqualTo(Blake3.Hash([])));
    }

    [Test]
    public void EditingOneBlock_OnlyThatBlockIsRehashed()
    {
        Random random = new(8);
        const int blockSize = 64 * 1024;
        byte[] file = RandomBytes.Next(random, (10 * blockSize) + 500);
        ChainingValue[] cvs = ComputeCvs(file, blockSize, 10);

        file[(3 * blockSize) + 17] ^= 0xFF;
        cvs[3] = Blake3Subtree.ComputeChainingValue(file.AsSpan(3 * blockSize, blockSize), 3 * blockSize / 1024);

        Assert.That(Blake3Subtree.RootHash(cvs, blockSize, file.AsSpan(10 * blockSize)), Is.EqualTo(Blake3.Hash(file)));
    }

    [Test]
    public void SingleFullBlockWithoutTail_Throws()
    {
        ChainingValue cv = Blake3Subtree.ComputeChainingValue(new byte[4096], 0);
        Assert.That(() => Blake3Subtree.RootHash([cv], 4096, []),
            Throws.ArgumentException.With.Message.Contains("exactly one full block"));
    }

    [TestCase(0)]
    [TestCase(1000)]
    [TestCase(3072)]
    [TestCase(-4096)]
    public void BadBlockSize_Throws(int blockSize) =>
        Assert.That(() => Blake3Subtree.RootHash([default, default], blockSize, []), Throws.ArgumentException);

    [Test]
    public void TailNotShorterThanBlock_Throws() =>
        Assert.That(() => Blake3Subtree.RootHash([default, default], 1024, new byte[1024]), Throws.ArgumentException);

    [Test]
    public void BlockCvIsNotTheBlocksHash()
    {
        byte[] block = TestVectors.Input(4096);
        ChainingValue cv = Blake3Subtree.ComputeChainingValue(block, 0);
        Assert.That(cv.AsSpan().ToArray(), Is.Not.EqualTo(Blake3.Hash(block).ToArray()));
    }

    private static int PickTailLength(Random random, int blockSize)
    {
        int[] special = [0, 1, 1023, 1024, 1025, blockSize - 1];
        return random.Next(2) == 0
            ? special[random.Next(special.Length)] % blockSize
            : random.Next(0, blockSize);
    }

    private static void AssertRootHashEqualsHash(Random random, int blockSize, int n, int tailLength, string message)
    {
        byte[] file = RandomBytes.Next(random, (n * blockSize) + tailLength);
        ChainingValue[] cvs = ComputeCvs(file, blockSize, n);
        Blake3Hash actual = Blake3Subtree.RootHash(cvs, blockSize, file.AsSpan(n * blockSize));
        Assert.That(actual, Is.EqualTo(Blake3.Hash(file)), $"{message} (block {blockSize}, n {n}, tail {tailLength})");
    }

    private static ChainingValue[] ComputeCvs(byte[] file, int blockSize, int n)
    {
        ChainingValue[] cvs = new ChainingValue[n];
        for (int i = 0; i < n; i++)
        {
            cvs[i] = Blake3Subtree.ComputeChainingValue(file.AsSpan(i * blockSize, blockSize), (ulong)i * (ulong)(blockSize / 1024));
        }

        return cvs;
    }
}
