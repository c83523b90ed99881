using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>Block chaining values: argument rules, position dependence and agreement with the tree's parent nodes.</summary>
[TestFixture]
public sealed class ComputeChainingValueTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1023)]
    [TestCase(1025)]
    [TestCase(3072)]
    [TestCase(5 * 1024)]
    public void LengthNotPowerOfTwoChunks_Throws(int length) =>
        Assert.That(() => Blake3Subtree.ComputeChainingValue(new byte[length], 0), Throws.ArgumentException);

    [TestCase(4096, 1UL)]
    [TestCase(4096, 2UL)]
    [TestCase(4096, 6UL)]
    [TestCase(2048, 3UL)]
    public void MisalignedCounter_Throws(int length, ulong counter) =>
        Assert.That(() => Blake3Subtree.ComputeChainingValue(new byte[length], counter), Throws.ArgumentException);

    [Test]
    public void InvalidDegree_Throws() =>
        Assert.That(() => Blake3Subtree.ComputeChainingValue(new byte[1024], 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void DependsOnPosition()
    {
        byte[] block = TestVectors.Input(8192);
        Assert.That(Blake3Subtree.ComputeChainingValue(block, 0), Is.Not.EqualTo(Blake3Subtree.ComputeChainingValue(block, 8)));
    }

    [TestCase(1024)]
    [TestCase(4096)]
    [TestCase(128 * 1024)]
    [TestCase(2 * 1024 * 1024)]
    public void ParentOfTwoHalves_EqualsCvOfWhole(int length)
    {
        byte[] data = RandomBytes.Next(new Random(length), 2 * length);
        ulong chunks = (ulong)length / 1024;
        ulong start = 4 * chunks; // a non-zero aligned position
        ChainingValue left = Blake3Subtree.ComputeChainingValue(data.AsSpan(0, length), start);
        ChainingValue right = Blake3Subtree.ComputeChainingValue(data.AsSpan(length), start + chunks);
        ChainingValue whole = Blake3Subtree.ComputeChainingValue(data, start);
        Assert.That(Blake3Subtree.ParentChainingValue(left, right), Is.EqualTo(whole));
    }

    [TestCase(256 * 1024)]
    [TestCase(1024 * 1024)]
    [TestCase(8 * 1024 * 1024)]
    public void Parallel_EqualsSerial(int length)
    {
        byte[] block = RandomBytes.Next(new Random(length), length);
        ulong counter = 3UL * (ulong)(length / 1024);
        ChainingValue serial = Blake3Subtree.ComputeChainingValue(block, counter);
        Assert.That(Blake3Subtree.ComputeChainingValue(block, counter, -1), Is.EqualTo(serial));
        Assert.That(Blake3Subtree.ComputeChainingValue(block, counter, 3), Is.EqualTo(serial));
    }
}
