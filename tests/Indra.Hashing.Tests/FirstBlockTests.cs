namespace Indra.Hashing.Tests;

/// <summary><see cref="Blake3FirstBlock"/>: one pass gives the same hash and chunk-0 chaining value as the two separate calls.</summary>
public sealed class FirstBlockTests
{
    [TestCase(1024)]
    [TestCase(2048)]
    [TestCase(4096)]
    [TestCase(64 * 1024)]
    [TestCase(1 << 20)]
    public void HashAndChainingValueAgreeWithTheSeparateCalls(int length)
    {
        var block = new byte[length];
        new Random(length).NextBytes(block);
        var hash = Blake3FirstBlock.Hash(block, out var cv);
        Assert.That(hash, Is.EqualTo(Blake3.Hash(block)));
        Assert.That(cv, Is.EqualTo(Blake3Subtree.ComputeChainingValue(block, 0)));
    }

    [TestCase(0)]
    [TestCase(1000)]
    [TestCase(3072)]
    public void ALengthThatIsNotAPowerOfTwoChunkCountIsRefused(int length) =>
        Assert.That(() => Blake3FirstBlock.Hash(new byte[length], out _), Throws.ArgumentException);
}
