using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>The PrjFileNameCompare stand-in (projfs.md §8, §9.9 rule 41).</summary>
[TestFixture]
public sealed class NameComparerTests
{
    private static readonly ProjFsNameComparer Comparer = ProjFsNameComparer.Instance;

    [Test]
    public void UpperFoldingPutsLettersBeforeUnderscore() =>
        Assert.That(Comparer.Compare("aB", "a_b"), Is.Negative, "'B' (0x42) < '_' (0x5F) after upper-casing");

    [Test]
    public void OrderIsNotNumeric() => Assert.That(Comparer.Compare("file10", "file9"), Is.Negative);

    [Test]
    public void CaseOnlyDifferencesAreTheSameName()
    {
        Assert.That(Comparer.Compare("Foo", "foo"), Is.Zero);
        Assert.That(Comparer.Equals("README.md", "readme.MD"), Is.True);
        Assert.That(Comparer.GetHashCode("ABC"), Is.EqualTo(Comparer.GetHashCode("abc")));
    }

    [Test]
    public void SortsAListTheWayNtfsDoes()
    {
        var names = new List<string> { "b.txt", "A.txt", "a_b", "aB", "file9", "file10", "Zeta", "_x", "1" };
        names.Sort(Comparer);
        Assert.That(names, Is.EqualTo(new[] { "1", "A.txt", "aB", "a_b", "b.txt", "file10", "file9", "Zeta", "_x" }));
    }

    [Test]
    public void ShorterPrefixSortsFirst() => Assert.That(Comparer.Compare("abc", "abcd"), Is.Negative);
}
