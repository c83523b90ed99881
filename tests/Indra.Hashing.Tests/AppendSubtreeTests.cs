using System.Numerics;
using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>Pushing cached subtree chaining values into the incremental hasher equals hashing the bytes.</summary>
[TestFixture]
public sealed class AppendSubtreeTests
{
    [TestCaseSource(typeof(RandomBytes), nameof(RandomBytes.Seeds))]
    public void RandomMixOfSubtreesAndBytes_EqualsHash(int seed)
    {
        Random random = new(seed);
        for (int iteration = 0; iteration < 15; iteration++)
        {
            byte[] file = RandomBytes.Next(random, random.Next(0, 3 * 1024 * 1024));
            Blake3Hasher hasher = new();
            int offset = 0;
            int subtrees = 0;
            int bytesUpdated = 0;
            while (offset < file.Length)
            {
                int remaining = file.Length - offset;
                if (offset % 1024 == 0 && remaining >= 1024 && random.Next(2) == 0)
                {
                    // A random power of two no larger than the position's alignment or the remaining whole chunks.
                    ulong counter = (ulong)offset / 1024;
                    ulong limit = Math.Min(counter == 0 ? ulong.MaxValue : 1UL << BitOperations.TrailingZeroCount(counter), (ulong)remaining / 1024);
                    int maxLog = BitOperations.Log2(limit);
                    int chunks = 1 << random.Next(0, maxLog + 1);
                    ChainingValue cv = Blake3Subtree.ComputeChainingValue(file.AsSpan(offset, chunks * 1024), counter);
                    hasher.AppendSubtree(cv, (ulong)chunks);
                    offset += chunks * 1024;
                    subtrees++;
                }
                else
                {
                    int piece = Math.Min(remaining, random.Next(1, 50_000));
                    hasher.Update(file.AsSpan(offset, piece));
                    offset += piece;
                    bytesUpdated += piece;
                }
            }

            string message = $"seed {seed}, iteration {iteration}, length {file.Length}";
            Assert.That(hasher.Count, Is.EqualTo((ulong)file.Length), message);
            if (subtrees == 1 && bytesUpdated == 0)
            {
                Assert.That(() => hasher.Finalize(), Throws.InvalidOperationException, message);
            }
            else
            {
                Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(file)), message);
            }
        }
    }

    [Test]
    public void SubtreesThenTail_EqualsHash()
    {
        byte[] file = TestVectors.Input((5 * 8192) + 100);
        Blake3Hasher hasher = new();
        for (int i = 0; i < 5; i++)
        {
            hasher.AppendSubtree(Blake3Subtree.ComputeChainingValue(file.AsSpan(i * 8192, 8192), (ulong)i * 8), 8);
        }

        hasher.Update(file.AsSpan(5 * 8192));
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(file)));
    }

    [Test]
    public void AppendingTheWholeInput_FinalizeThrows()
    {
        Blake3Hasher hasher = new();
        hasher.AppendSubtree(Blake3Subtree.ComputeChainingValue(new byte[4096], 0), 4);
        Assert.That(() => hasher.Finalize(), Throws.InvalidOperationException);
        hasher.Update([1]);
        byte[] expected = new byte[4097];
        expected[4096] = 1;
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(expected)));
    }

    [Test]
    public void NotAtChunkBoundary_Throws()
    {
        Blake3Hasher hasher = new();
        hasher.Update(new byte[100]);
        Assert.That(() => hasher.AppendSubtree(default, 1), Throws.InvalidOperationException);
    }

    [Test]
    public void MisalignedPosition_Throws()
    {
        Blake3Hasher hasher = new();
        hasher.Update(new byte[1024]);
        hasher.Update(new byte[1024]);
        hasher.Update(new byte[1024]);
        Assert.That(() => hasher.AppendSubtree(default, 2), Throws.InvalidOperationException);
    }

    [TestCase(0UL)]
    [TestCase(3UL)]
    [TestCase(6UL)]
    public void ChunkCountNotPowerOfTwo_Throws(ulong chunkCount) =>
        Assert.That(() => new Blake3Hasher().AppendSubtree(default, chunkCount), Throws.TypeOf<ArgumentOutOfRangeException>());
}
