using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Indra.Storage.Blocks;

namespace Indra.Storage.Tests;

/// <summary>Two page-aligned ranges exchange their bytes by moving pages (mremap), and refuse what is not page-aligned.</summary>
public sealed unsafe class PageExchangeTests
{
    [Test]
    public void TwoRangesExchangeTheirBytesAndKeepTheirAddresses()
    {
        const int length = 64 * PageExchange.Page;
        var a = RandomNumberGenerator.GetBytes(length);
        var b = RandomNumberGenerator.GetBytes(length);
        var first = (nint)NativeMemory.AlignedAlloc(length, PageExchange.Page);
        var second = (nint)NativeMemory.AlignedAlloc(2 * length, PageExchange.Page);
        try
        {
            var firstSpan = new Span<byte>((void*)first, length);
            var secondSpan = new Span<byte>((void*)second, 2 * length);
            a.CopyTo(firstSpan);
            b.CopyTo(secondSpan);
            secondSpan[length..].Fill(7);
            for (int round = 0; round < 3; round++)
            {
                Assert.That(PageExchange.TrySwap(first, second, length), Is.True, "Linux 5.7+ moves private anonymous pages");
                var (now, other) = round % 2 == 0 ? (b, a) : (a, b);
                Assert.That(firstSpan.SequenceEqual(now), Is.True, $"round {round}: the first range holds the second's bytes");
                Assert.That(secondSpan[..length].SequenceEqual(other), Is.True, $"round {round}: the second range holds the first's bytes");
                Assert.That(secondSpan[length..].ToArray(), Is.All.EqualTo((byte)7), "bytes past the length stay");
            }
            // Both ranges stay writable memory of their owners.
            firstSpan.Fill(1);
            secondSpan.Fill(2);
            Assert.That(firstSpan.ToArray(), Is.All.EqualTo((byte)1));
        }
        finally
        {
            NativeMemory.AlignedFree((void*)first);
            NativeMemory.AlignedFree((void*)second);
        }
    }

    [Test]
    public void RangesNotOnWholePagesAreRefusedAndLeftAlone()
    {
        var first = (nint)NativeMemory.AlignedAlloc(2 * PageExchange.Page, PageExchange.Page);
        var second = (nint)NativeMemory.AlignedAlloc(2 * PageExchange.Page, PageExchange.Page);
        try
        {
            new Span<byte>((void*)first, 2 * PageExchange.Page).Fill(1);
            new Span<byte>((void*)second, 2 * PageExchange.Page).Fill(2);
            Assert.That(PageExchange.TrySwap(first + 512, second, PageExchange.Page), Is.False, "unaligned start");
            Assert.That(PageExchange.TrySwap(first, second, 1000), Is.False, "not a whole page");
            Assert.That(new Span<byte>((void*)first, 2 * PageExchange.Page).ToArray(), Is.All.EqualTo((byte)1));
            Assert.That(new Span<byte>((void*)second, 2 * PageExchange.Page).ToArray(), Is.All.EqualTo((byte)2));
        }
        finally
        {
            NativeMemory.AlignedFree((void*)first);
            NativeMemory.AlignedFree((void*)second);
        }
    }
}
