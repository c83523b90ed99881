using Indra.Storage.Blocks.Cache;

namespace Indra.Storage.Tests.Cache;

public sealed class ByteSizeTests
{
    [TestCase("1048576", 1048576L)]
    [TestCase("10G", 10L << 30)]
    [TestCase("10g", 10L << 30)]
    [TestCase("10GiB", 10L << 30)]
    [TestCase("512M", 512L << 20)]
    [TestCase("512MB", 512L << 20)]
    [TestCase("4K", 4096L)]
    [TestCase("2T", 2L << 40)]
    [TestCase(" 3G ", 3L << 30)]
    public void ParsesBinarySuffixes(string text, long bytes) => Assert.That(ByteSize.Parse(text), Is.EqualTo(bytes));

    [TestCase("")]
    [TestCase("G")]
    [TestCase("-1G")]
    [TestCase("1.5G")]
    [TestCase("10X")]
    [TestCase("99999999999T")]
    public void RefusesWhatIsNotASize(string text)
    {
        Assert.That(ByteSize.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => ByteSize.Parse(text));
    }

    [TestCase(900L, "900 bytes")]
    [TestCase(10L << 30, "10.0 GiB")]
    [TestCase(1536L, "1.5 KiB")]
    public void FormatsForPeople(long bytes, string text) => Assert.That(ByteSize.Format(bytes), Is.EqualTo(text));
}
