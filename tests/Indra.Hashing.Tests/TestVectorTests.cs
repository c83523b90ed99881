using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>Every official test vector, in every mode, at full (131-byte) and default (32-byte) length, on every kernel.</summary>
[TestFixture]
[NonParallelizable] // forces the process-wide kernel choice
public sealed class TestVectorTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        from backend in Backends.Runnable
        from c in TestVectors.Cases
        select new TestCaseData(backend.ToString(), c).SetArgDisplayNames(backend.ToString(), c.ToString());

    [Test]
    public void VectorFileHas35Cases() => Assert.That(TestVectors.Cases, Has.Count.EqualTo(35));

    [TestCaseSource(nameof(Cases))]
    public void Hash_MatchesVector(string backend, TestVectorCase c)
    {
        using IDisposable _ = Backends.Force(backend);
        byte[] input = TestVectors.Input(c.InputLength);
        byte[] output = new byte[c.Hash.Length / 2];
        Blake3.Hash(input, output);
        Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(c.Hash));
        Assert.That(Blake3.Hash(input).ToString(), Is.EqualTo(c.Hash[..64]));
    }

    [TestCaseSource(nameof(Cases))]
    public void KeyedHash_MatchesVector(string backend, TestVectorCase c)
    {
        using IDisposable _ = Backends.Force(backend);
        byte[] input = TestVectors.Input(c.InputLength);
        byte[] output = new byte[c.KeyedHash.Length / 2];
        Blake3.KeyedHash(TestVectors.Key, input, output);
        Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(c.KeyedHash));
        Assert.That(Blake3.KeyedHash(TestVectors.Key, input).ToString(), Is.EqualTo(c.KeyedHash[..64]));
    }

    [TestCaseSource(nameof(Cases))]
    public void DeriveKey_MatchesVector(string backend, TestVectorCase c)
    {
        using IDisposable _ = Backends.Force(backend);
        byte[] input = TestVectors.Input(c.InputLength);
        byte[] output = new byte[c.DeriveKey.Length / 2];
        Blake3.DeriveKey(TestVectors.Context, input, output);
        Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(c.DeriveKey));
        byte[] prefix = new byte[32];
        Blake3.DeriveKey(TestVectors.Context, input, prefix);
        Assert.That(Convert.ToHexStringLower(prefix), Is.EqualTo(c.DeriveKey[..64]));
    }

    [TestCaseSource(nameof(Cases))]
    public void Hasher_AllModes_MatchVector(string backend, TestVectorCase c)
    {
        using IDisposable _ = Backends.Force(backend);
        byte[] input = TestVectors.Input(c.InputLength);
        (Blake3Hasher Hasher, string Expected)[] modes =
        [
            (new Blake3Hasher(), c.Hash),
            (Blake3Hasher.CreateKeyed(TestVectors.Key), c.KeyedHash),
            (Blake3Hasher.CreateDeriveKey(TestVectors.Context), c.DeriveKey),
        ];
        foreach ((Blake3Hasher hasher, string expected) in modes)
        {
            hasher.Update(input);
            byte[] output = new byte[expected.Length / 2];
            hasher.Finalize(output);
            Assert.That(Convert.ToHexStringLower(output), Is.EqualTo(expected));
            Assert.That(hasher.Finalize().ToString(), Is.EqualTo(expected[..64]));
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void HashParallel_MatchesVector(string backend, TestVectorCase c)
    {
        using IDisposable _ = Backends.Force(backend);
        Assert.That(Blake3.HashParallel(TestVectors.Input(c.InputLength), 4).ToString(), Is.EqualTo(c.Hash[..64]));
    }
}
