namespace Indra.Hashing.Tests;

/// <summary>The 32-byte hash value type: bytes, hex formatting and parsing, equality and ordering.</summary>
[TestFixture]
public sealed class Blake3HashTests
{
    private const string EmptyHash = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

    [Test]
    public void ToString_IsLowercaseHex() => Assert.That(Blake3.Hash([]).ToString(), Is.EqualTo(EmptyHash));

    [Test]
    public void Parse_RoundTrips_EitherCase()
    {
        Blake3Hash hash = Blake3Hash.Parse(EmptyHash);
        Assert.That(hash, Is.EqualTo(Blake3.Hash([])));
        Assert.That(Blake3Hash.Parse(EmptyHash.ToUpperInvariant()), Is.EqualTo(hash));
        Assert.That(Blake3Hash.Parse(EmptyHash.AsSpan()), Is.EqualTo(hash));
    }

    [TestCase("")]
    [TestCase("af13")]
    [TestCase(EmptyHash + "00")]
    [TestCase("zf1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [TestCase(" af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f326")]
    public void InvalidHex_TryParseFails_ParseThrows(string hex)
    {
        Assert.That(Blake3Hash.TryParse(hex.AsSpan(), out Blake3Hash result), Is.False);
        Assert.That(result, Is.EqualTo(default(Blake3Hash)));
        Assert.That(Blake3Hash.TryParse(hex, out _), Is.False);
        Assert.That(() => Blake3Hash.Parse(hex), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Parse_Null_Throws()
    {
        Assert.That(() => Blake3Hash.Parse(null!), Throws.TypeOf<ArgumentNullException>());
        Assert.That(Blake3Hash.TryParse(null, out _), Is.False);
    }

    [Test]
    public void TryFormat_WritesHexOrFailsWhenShort()
    {
        Blake3Hash hash = Blake3Hash.Parse(EmptyHash);
        char[] buffer = new char[70];
        Assert.That(hash.TryFormat(buffer, out int written), Is.True);
        Assert.That(written, Is.EqualTo(64));
        Assert.That(new string(buffer, 0, written), Is.EqualTo(EmptyHash));
        Assert.That(hash.TryFormat(new char[63], out written), Is.False);
        Assert.That(written, Is.Zero);
        Assert.That($"{hash}", Is.EqualTo(EmptyHash));
    }

    [Test]
    public void Bytes_RoundTrip()
    {
        byte[] bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        Blake3Hash hash = new(bytes);
        Assert.That(hash.AsSpan().ToArray(), Is.EqualTo(bytes));
        Assert.That(hash.ToArray(), Is.EqualTo(bytes));
        byte[] copy = new byte[40];
        hash.CopyTo(copy);
        Assert.That(copy.AsSpan(0, 32).ToArray(), Is.EqualTo(bytes));
        Assert.That(hash.ToString(), Is.EqualTo(Convert.ToHexStringLower(bytes)));
    }

    [Test]
    public void WrongLengths_Throw()
    {
        Assert.That(() => new Blake3Hash(new byte[31]), Throws.ArgumentException);
        Assert.That(() => new Blake3Hash(new byte[33]), Throws.ArgumentException);
        Assert.That(() => Blake3.Hash([]).CopyTo(new byte[31]), Throws.ArgumentException);
    }

    [Test]
    public void Equality_And_HashCode()
    {
        Blake3Hash a = Blake3.Hash([1]);
        Blake3Hash b = Blake3.Hash([1]);
        Blake3Hash c = Blake3.Hash([2]);
        Assert.That(a == b, Is.True);
        Assert.That(a != c, Is.True);
        Assert.That(a.Equals((object)b), Is.True);
        Assert.That(a.Equals(null), Is.False);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(new HashSet<Blake3Hash> { a, b, c }, Has.Count.EqualTo(2));
    }

    [Test]
    public void CompareTo_OrdersLikeHexStrings()
    {
        Blake3Hash[] hashes = Enumerable.Range(0, 50).Select(i => Blake3.Hash([(byte)i])).ToArray();
        string[] byHash = hashes.Order().Select(h => h.ToString()).ToArray();
        string[] byHex = hashes.Select(h => h.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.That(byHash, Is.EqualTo(byHex));
    }
}
