using System.Text;

namespace Indra.FileSystem.Tests;

/// <summary>Names are bytes on Linux: every byte string maps to one string and back.</summary>
public sealed class NameBytesTests
{
    private static IEnumerable<byte[]> Names()
    {
        yield return Encoding.UTF8.GetBytes("plain.txt");
        yield return Encoding.UTF8.GetBytes("café ☕ 𝄞");
        yield return [0xFF, 0xFE];
        yield return [(byte)'a', 0xC3, (byte)'b'];             // truncated two-byte sequence
        yield return [0xED, 0xA0, 0x80];                       // an encoded surrogate (invalid UTF-8)
        yield return [0xF4, 0x8F, 0xBF, 0xBF];                 // U+10FFFF: an escape character itself
        yield return [0xF4, 0x8F, 0xBC, 0x80, (byte)'x'];      // U+10FF00 then x
        yield return [0xC0, 0xAF];                             // overlong '/'
        yield return Enumerable.Range(1, 255).Select(i => (byte)i).Where(b => b != (byte)'/').ToArray();
    }

    [TestCaseSource(nameof(Names))]
    public void EveryByteStringRoundTrips(byte[] bytes)
    {
        var name = NameBytes.Decode(bytes);
        Assert.That(NameBytes.GetBytes(name), Is.EqualTo(bytes));
        Assert.That(NameBytes.ByteCount(name), Is.EqualTo(bytes.Length));
        Assert.That(NameBytes.Decode(NameBytes.GetBytes(name)), Is.EqualTo(name));
    }

    [Test]
    public void ValidUtf8IsTheStringItEncodesAndDistinctBytesStayDistinct()
    {
        Assert.That(NameBytes.Decode(Encoding.UTF8.GetBytes("é")), Is.EqualTo("é"));
        Assert.That(NameBytes.Decode([0xC3, 0xA9]), Is.Not.EqualTo(NameBytes.Decode([0xC3])));
        Assert.That(NameBytes.Decode([0xE9]), Is.Not.EqualTo("é"), "Latin-1 é is one byte, not the character");
    }
}
