using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>Differential tests against the reference <c>b3sum</c> binary (blake3.md §2.4) on random data.</summary>
[TestFixture]
public sealed class B3sumAgreementTests
{
    [Test]
    public void BoundaryAndRandomLengths_MatchB3sum()
    {
        Random random = new(12345);
        List<int> lengths = [.. RandomBytes.BoundaryLengths];
        for (int i = 0; i < 12; i++)
        {
            lengths.Add(random.Next(0, 3 * 1024 * 1024 + 1));
        }

        using TempDirectory temp = new();
        List<string> files = [];
        List<string> expected = [];
        foreach (int length in lengths)
        {
            byte[] data = RandomBytes.Next(random, length);
            files.Add(temp.Write($"f{files.Count}-{length}.bin", data));
            expected.Add(Blake3.Hash(data).ToString());
        }

        string[] actual = B3sum.Run([], files);
        for (int i = 0; i < files.Count; i++)
        {
            Assert.That(expected[i], Is.EqualTo(actual[i]), $"length {lengths[i]}");
        }
    }

    [Test]
    public void HashFile_MatchesB3sum()
    {
        Random random = new(777);
        int[] lengths = [0, 1, 16 * 1024 - 1, 16 * 1024, 300_000, 5 * 1024 * 1024 + 17];
        using TempDirectory temp = new();
        string[] files = lengths.Select(l => temp.Write($"h{l}.bin", RandomBytes.Next(random, l))).ToArray();
        string[] expected = B3sum.Run([], files);
        for (int i = 0; i < files.Length; i++)
        {
            Assert.That(Blake3.HashFile(files[i]).ToString(), Is.EqualTo(expected[i]), $"length {lengths[i]}");
        }
    }

    [Test]
    public void ExtendedOutput_MatchesB3sum()
    {
        Random random = new(99);
        using TempDirectory temp = new();
        foreach (int outputLength in new[] { 1, 31, 33, 64, 65, 131, 1000 })
        {
            byte[] data = RandomBytes.Next(random, random.Next(0, 200_000));
            string file = temp.Write($"x{outputLength}.bin", data);
            byte[] output = new byte[outputLength];
            Blake3.Hash(data, output);
            string[] expected = B3sum.Run(["-l", outputLength.ToString(System.Globalization.CultureInfo.InvariantCulture)], [file]);
            Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(expected[0]), $"output length {outputLength}");
        }
    }

    [Test]
    public void KeyedHash_MatchesB3sum()
    {
        Random random = new(5);
        using TempDirectory temp = new();
        foreach (int length in new[] { 0, 1024, 1025, 70_000, 1_000_000 })
        {
            byte[] key = RandomBytes.Next(random, 32);
            byte[] data = RandomBytes.Next(random, length);
            string file = temp.Write($"k{length}.bin", data);
            string[] expected = B3sum.Run(["--keyed"], [file], standardInput: key);
            Assert.That(Blake3.KeyedHash(key, data).ToString(), Is.EqualTo(expected[0]), $"length {length}");
        }
    }

    [Test]
    public void DeriveKey_MatchesB3sum()
    {
        Random random = new(6);
        using TempDirectory temp = new();
        const string context = "Indra 2025-06-01 b3sum agreement test";
        foreach (int length in new[] { 0, 33, 2049, 100_000 })
        {
            byte[] data = RandomBytes.Next(random, length);
            string file = temp.Write($"d{length}.bin", data);
            byte[] output = new byte[32];
            Blake3.DeriveKey(context, data, output);
            string[] expected = B3sum.Run(["--derive-key", context], [file]);
            Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(expected[0]), $"length {length}");
        }
    }
}
