namespace Indra.Hashing.Tests;

/// <summary>The 32-byte chaining value type: bytes and equality.</summary>
[TestFixture]
public sealed class ChainingValueTests
{
    [Test]
    public void Bytes_RoundTrip()
    {
        byte[] bytes = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        ChainingValue cv = new(bytes);
        Assert.That(cv.ToArray(), Is.EqualTo(bytes));
        Assert.That(cv.AsSpan().ToArray(), Is.EqualTo(bytes));
        byte[] copy = new byte[32];
        cv.CopyTo(copy);
        Assert.That(copy, Is.EqualTo(bytes));
        Assert.That(cv.ToString(), Is.EqualTo(Convert.ToHexStringLower(bytes)));
    }

    [Test]
    public void WrongLengths_Throw()
    {
        Assert.That(() => new ChainingValue(new byte[16]), Throws.ArgumentException);
        Assert.That(() => default(ChainingValue).CopyTo(new byte[8]), Throws.ArgumentException);
    }

    [Test]
    public void Equality_And_HashCode()
    {
        ChainingValue a = Blake3Subtree.ComputeChainingValue(new byte[1024], 0);
        ChainingValue b = Blake3Subtree.ComputeChainingValue(new byte[1024], 0);
        ChainingValue c = Blake3Subtree.ComputeChainingValue(new byte[1024], 1);
        Assert.That(a == b, Is.True);
        Assert.That(a != c, Is.True);
        Assert.That(a.Equals((object)b), Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(new ChainingValue(a.ToArray()), Is.EqualTo(a));
    }
}
