using System.Security.Cryptography;
using Indra.Storage.Blocks;

namespace Indra.Storage.Tests;

public sealed class StreamingCopyTests
{
    [TestCase(1 << 20, 0, 0)]
    [TestCase(1 << 20, 96, 0)]
    [TestCase((1 << 20) + 4096 + 77, 3, 0)]
    [TestCase(255, 1, 0)]
    [TestCase(300, 5, 32)]
    [TestCase(1000, 7, 8)]
    [TestCase(0, 0, 0)]
    public unsafe void EveryByteArrivesAndNothingPastTheEndIsWritten(int length, int sourceOffset, int destinationOffset)
    {
        // Sources at any offset (a FUSE write's payload lies 96 bytes into a page), destinations aligned to a page (the
        // non-temporal path with AVX-512) or to 32 and 8 bytes only (an ordinary copy); lengths with and without a tail
        // past the last 256 bytes.
        var source = RandomNumberGenerator.GetBytes(length + sourceOffset);
        var buffer = AlignedBuffers.Rent(length + destinationOffset + 64);
        try
        {
            var destination = new Span<byte>((byte*)buffer.Pointer, length + destinationOffset + 64);
            destination.Fill(0xA5);
            fixed (byte* from = source) StreamingCopy.Copy(from + sourceOffset, (byte*)buffer.Pointer + destinationOffset, length);
            Assert.That(destination.Slice(destinationOffset, length).SequenceEqual(source.AsSpan(sourceOffset)), Is.True, "every byte copied");
            Assert.That(destination[..destinationOffset].ToArray(), Has.All.EqualTo(0xA5), "nothing before the destination");
            Assert.That(destination[(destinationOffset + length)..].ToArray(), Has.All.EqualTo(0xA5), "nothing past the end");
        }
        finally
        {
            AlignedBuffers.Return(buffer);
        }
    }
}
