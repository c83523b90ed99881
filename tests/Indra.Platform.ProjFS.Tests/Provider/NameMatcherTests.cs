using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>The PrjFileNameMatch stand-in on kernel-form expressions (projfs.md §8, §9.9 rule 42).</summary>
[TestFixture]
public sealed class NameMatcherTests
{
    [TestCase("anything.txt", null, true)]
    [TestCase("anything.txt", "", true)]
    [TestCase("anything", "*", true)]
    [TestCase("a.txt", "*.txt", true)]
    [TestCase("a.TXT", "*.txt", true)]
    [TestCase("a.txt.bak", "*.txt", false)]
    [TestCase("abc", "a?c", true)]
    [TestCase("ac", "a?c", false)]
    [TestCase("ab", "*.*", false)]
    [TestCase("a.b", "*.*", true)]
    public void StarAndQuestionMark(string name, string? expression, bool expected) =>
        Assert.That(ProjFsNameMatcher.IsMatch(name, expression), Is.EqualTo(expected));

    [TestCase("a.txt", "<.txt", true)]
    [TestCase("a.b.txt", "<.txt", true)]
    [TestCase("a.txt.bak", "<.txt", false)]
    [TestCase("ab", "<", true)]
    public void DosStar(string name, string expression, bool expected) =>
        Assert.That(ProjFsNameMatcher.IsMatch(name, expression), Is.EqualTo(expected));

    [TestCase("Test", "Test>", true)]
    [TestCase("ab", "a>", true)]
    [TestCase("a", "a>", true)]
    [TestCase("abc", "a>", false)]
    [TestCase("a.b", "a>.b", true)]
    public void DosQuestionMark(string name, string expression, bool expected) =>
        Assert.That(ProjFsNameMatcher.IsMatch(name, expression), Is.EqualTo(expected));

    [TestCase("foo", "foo\"", true)]
    [TestCase("foo.", "foo\"", true)]
    [TestCase("foo.x", "foo\"", false)]
    public void DosDot(string name, string expression, bool expected) =>
        Assert.That(ProjFsNameMatcher.IsMatch(name, expression), Is.EqualTo(expected));

    [TestCase("README.md", "readme.MD", true)]
    [TestCase("readme", "readme.md", false)]
    [TestCase("readme.md.txt", "readme.md", false)]
    public void LiteralNamesAreCaseInsensitiveEquality(string name, string expression, bool expected) =>
        Assert.That(ProjFsNameMatcher.IsMatch(name, expression), Is.EqualTo(expected));

    [TestCase("plain.txt", false)]
    [TestCase("*.txt", true)]
    [TestCase("a?", true)]
    [TestCase("a<", true)]
    [TestCase("a>", true)]
    [TestCase("a\"", true)]
    public void WildcardDetection(string name, bool expected) =>
        Assert.That(ProjFsNameMatcher.ContainsWildcards(name), Is.EqualTo(expected));
}
