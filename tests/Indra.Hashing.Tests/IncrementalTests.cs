using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>The incremental hasher equals the one-shot functions however the input is split (paper §5.1.2).</summary>
[TestFixture]
public sealed class IncrementalTests
{
    private static IEnumerable<TestVectorCase> SmallCases() => TestVectors.Cases.Where(c => c.InputLength <= 8193);

    [TestCaseSource(nameof(SmallCases))]
    public void OneByteAtATime_MatchesVector(TestVectorCase c)
    {
        byte[] input = TestVectors.Input(c.InputLength);
        Blake3Hasher hasher = new();
        for (int i = 0; i < input.Length; i++)
        {
            hasher.Update(input.AsSpan(i, 1));
        }

        byte[] output = new byte[c.Hash.Length / 2];
        hasher.Finalize(output);
        Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(c.Hash));
    }

    [TestCaseSource(typeof(RandomBytes), nameof(RandomBytes.Seeds))]
    public void RandomSplits_MatchOneShot(int seed)
    {
        Random random = new(seed);
        for (int iteration = 0; iteration < 40; iteration++)
        {
            int length = random.Next(4) == 0 ? random.Next(0, 600_000) : random.Next(0, 20_000);
            byte[] input = RandomBytes.Next(random, length);
            Blake3Hasher hasher = new();
            int offset = 0;
            while (offset < length)
            {
                int piece = random.Next(3) switch
                {
                    0 => random.Next(1, 70),
                    1 => random.Next(1, 3000),
                    _ => random.Next(1, 200_000),
                };
                piece = Math.Min(piece, length - offset);
                hasher.Update(input.AsSpan(offset, piece));
                offset += piece;
            }

            Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(input)), $"seed {seed}, iteration {iteration}, length {length}");
        }
    }

    [TestCaseSource(typeof(RandomBytes), nameof(RandomBytes.Seeds))]
    public void KeyedAndDeriveKeyHashers_MatchOneShot(int seed)
    {
        Random random = new(seed);
        byte[] key = RandomBytes.Next(random, 32);
        byte[] input = RandomBytes.Next(random, random.Next(0, 300_000));
        int split = random.Next(0, input.Length + 1);

        Blake3Hasher keyed = Blake3Hasher.CreateKeyed(key);
        keyed.Update(input.AsSpan(0, split));
        keyed.Update(input.AsSpan(split));
        Assert.That(keyed.Finalize(), Is.EqualTo(Blake3.KeyedHash(key, input)));

        Blake3Hasher derive = Blake3Hasher.CreateDeriveKey("Indra tests 2025-01-01 derive");
        derive.Update(input.AsSpan(0, split));
        derive.Update(input.AsSpan(split));
        byte[] expected = new byte[77];
        byte[] actual = new byte[77];
        Blake3.DeriveKey("Indra tests 2025-01-01 derive", input, expected);
        derive.Finalize(actual);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Finalize_DoesNotConsumeState()
    {
        byte[] input = TestVectors.Input(5000);
        Blake3Hasher hasher = new();
        hasher.Update(input.AsSpan(0, 3000));
        Blake3Hash first = hasher.Finalize();
        Assert.That(hasher.Finalize(), Is.EqualTo(first));
        Assert.That(first, Is.EqualTo(Blake3.Hash(input.AsSpan(0, 3000))));

        hasher.Update(input.AsSpan(3000));
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(input)));
    }

    [Test]
    public void Finalize_AfterPowerOfTwoUpdate_ThenMoreInput()
    {
        // A power-of-two update is absorbed as one subtree whose top node stays open (it might be the root).
        byte[] input = TestVectors.Input(8192 + 1);
        Blake3Hasher hasher = new();
        hasher.Update(input.AsSpan(0, 8192));
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(input.AsSpan(0, 8192))));
        hasher.Update(input.AsSpan(8192));
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.Hash(input)));
    }

    [Test]
    public void Reset_ForgetsInputButKeepsMode()
    {
        byte[] key = TestVectors.Key;
        Blake3Hasher hasher = Blake3Hasher.CreateKeyed(key);
        hasher.Update(TestVectors.Input(2000));
        hasher.Reset();
        Assert.That(hasher.Count, Is.Zero);
        hasher.Update(TestVectors.Input(70));
        Assert.That(hasher.Finalize(), Is.EqualTo(Blake3.KeyedHash(key, TestVectors.Input(70))));
    }

    [Test]
    public void Count_IsBytesAbsorbed()
    {
        Blake3Hasher hasher = new();
        Assert.That(hasher.Count, Is.Zero);
        hasher.Update(new byte[1]);
        Assert.That(hasher.Count, Is.EqualTo(1UL));
        hasher.Update(new byte[1023]);
        Assert.That(hasher.Count, Is.EqualTo(1024UL));
        hasher.Update(new byte[70_000]);
        Assert.That(hasher.Count, Is.EqualTo(71_024UL));
        hasher.Update([]);
        Assert.That(hasher.Count, Is.EqualTo(71_024UL));
    }

    [TestCase(0UL, 200)]
    [TestCase(1UL, 64)]
    [TestCase(63UL, 2)]
    [TestCase(64UL, 131)]
    [TestCase(1000UL, 300)]
    [TestCase(ulong.MaxValue - 100, 50)]
    public void FinalizeWithSeek_EqualsSliceOfLongOutput(ulong seek, int length)
    {
        Blake3Hasher hasher = new();
        hasher.Update(TestVectors.Input(3000));
        byte[] actual = new byte[length];
        hasher.Finalize(seek, actual);
        if (seek < 2000)
        {
            byte[] full = new byte[(int)seek + length];
            hasher.Finalize(full);
            Assert.That(actual, Is.EqualTo(full.AsSpan((int)seek).ToArray()));
        }
        else
        {
            // Far seeks: compare against a seek that starts at the same 64-byte output block.
            ulong blockStart = seek / 64 * 64;
            byte[] fromBlock = new byte[(int)(seek - blockStart) + length];
            hasher.Finalize(blockStart, fromBlock);
            Assert.That(actual, Is.EqualTo(fromBlock.AsSpan((int)(seek - blockStart)).ToArray()));
        }
    }

    [Test]
    public void XofPrefixes_AreConsistent()
    {
        byte[] input = TestVectors.Input(1500);
        byte[] longOutput = new byte[1000];
        Blake3.Hash(input, longOutput);
        foreach (int length in new[] { 0, 1, 31, 32, 33, 64, 65, 999 })
        {
            byte[] shortOutput = new byte[length];
            Blake3.Hash(input, shortOutput);
            Assert.That(shortOutput, Is.EqualTo(longOutput.AsSpan(0, length).ToArray()), $"length {length}");
        }
    }
}
