using Indra.Sharing.Client;

namespace Indra.Sharing.Tests;

/// <summary>The buffers received blocks are read into: aligned for the block store's direct writes, and reused.</summary>
[TestFixture]
public sealed class BlockBufferTests
{
    [TestCase(1)]
    [TestCase(4096)]
    [TestCase(1 << 20)]
    [TestCase((1 << 20) + 1)]
    public void ARentedBuffer_StartsOnA4KiBBoundary_AndHoldsTheSize(int size)
    {
        var buffer = BlockBuffer.Rent(size);
        try
        {
            using var pin = buffer.Memory.Pin();
            unsafe
            {
                Assert.That((long)(nint)pin.Pointer % BlockBuffer.Alignment, Is.Zero);
            }
            Assert.That(buffer.Capacity, Is.GreaterThanOrEqualTo(Math.Max(size, BlockBuffer.MinimumCapacity)));
            Assert.That(buffer.Memory.Length, Is.EqualTo(buffer.Capacity));
            Assert.That(buffer.Span(size).Length, Is.EqualTo(size));
        }
        finally
        {
            BlockBuffer.Return(buffer);
        }
    }

    [Test]
    public void AReturnedBuffer_IsRentedAgain_AndThePoolKeepsABoundedNumber()
    {
        // A capacity no other test uses, so parallel tests do not take these buffers; the pool keeps one of it.
        const int size = 1 << 26;
        var first = BlockBuffer.Rent(size);
        BlockBuffer.Return(first);
        var again = BlockBuffer.Rent(size);
        Assert.That(again, Is.SameAs(first), "a free buffer of the capacity is reused");

        var held = new List<BlockBuffer> { again, BlockBuffer.Rent(size) };
        foreach (var buffer in held) BlockBuffer.Return(buffer);
        var kept = new List<BlockBuffer>();
        for (var i = 0; i < held.Count; i++) kept.Add(BlockBuffer.Rent(size));
        Assert.That(kept.Count(held.Contains), Is.EqualTo(1), "the pool keeps PooledBytes of a capacity, at least one buffer");
        foreach (var buffer in kept) BlockBuffer.Return(buffer);
    }
}
