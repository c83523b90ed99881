namespace Indra.Hashing.Tests;

/// <summary>Keys and contexts are checked.</summary>
[TestFixture]
public sealed class ArgumentValidationTests
{
    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    public void KeyNot32Bytes_Throws(int length)
    {
        Assert.That(() => Blake3.KeyedHash(new byte[length], [1, 2, 3]), Throws.ArgumentException);
        Assert.That(() => Blake3.KeyedHash(new byte[length], [], new byte[10]), Throws.ArgumentException);
        Assert.That(() => Blake3Hasher.CreateKeyed(new byte[length]), Throws.ArgumentException);
    }

    [Test]
    public void NullContext_Throws()
    {
        Assert.That(() => Blake3.DeriveKey(null!, [], new byte[32]), Throws.TypeOf<ArgumentNullException>());
        Assert.That(() => Blake3Hasher.CreateDeriveKey(null!), Throws.TypeOf<ArgumentNullException>());
    }

    [Test]
    public void EmptyOutput_IsAllowed()
    {
        Assert.That(() => Blake3.Hash([1, 2, 3], []), Throws.Nothing);
        Assert.That(() => new Blake3Hasher().Finalize([]), Throws.Nothing);
    }
}
