using System.IO.Enumeration;
using Indra.Platform.ProjFS.Native;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>The start-up self-check of PrjFileNameCompare/PrjFileNameMatch against the managed stand-ins.</summary>
[TestFixture]
public sealed class NameRulesTests
{
    [Test]
    public void TheStandInsAgreeWithThemselves() =>
        Assert.That(NameRulesSelfCheck.Disagreements(ProjFsNameComparer.Managed.Compare, ProjFsNameMatcher.IsManagedMatch), Is.Empty);

    [Test]
    public void ACaseSensitiveCompareIsCaught()
    {
        var found = NameRulesSelfCheck.Disagreements(string.CompareOrdinal, ProjFsNameMatcher.IsManagedMatch, coreOnly: true);
        Assert.That(found, Has.Some.Contains("compare('a', 'A')"));
        Assert.That(found, Has.Some.Contains("compare('_x', 'a')"), "ordinal puts '_' (0x5F) before 'a' (0x61); PrjFileNameCompare upper-cases first");
    }

    [Test]
    public void ANaturalNumberOrderIsCaught()
    {
        static int Natural(string x, string y) =>
            x.StartsWith("file", StringComparison.Ordinal) && y.StartsWith("file", StringComparison.Ordinal)
            && int.TryParse(x[4..], out var a) && int.TryParse(y[4..], out var b)
                ? a.CompareTo(b)
                : ProjFsNameComparer.Managed.Compare(x, y);

        Assert.That(NameRulesSelfCheck.Disagreements(Natural, ProjFsNameMatcher.IsManagedMatch, coreOnly: true),
            Is.EquivalentTo(new[] { "compare('file9', 'file10') = -1, the stand-in says 1", "compare('file10', 'file9') = 1, the stand-in says -1" }));
    }

    [Test]
    public void ACaseSensitiveOrDosBlindMatchIsCaught()
    {
        var caseSensitive = NameRulesSelfCheck.Disagreements(ProjFsNameComparer.Managed.Compare,
            (name, pattern) => FileSystemName.MatchesWin32Expression(pattern, name, ignoreCase: false), coreOnly: true);
        Assert.That(caseSensitive, Has.Some.Contains("match('A.TXT', '*.txt')"));

        var simple = NameRulesSelfCheck.Disagreements(ProjFsNameComparer.Managed.Compare,
            (name, pattern) => FileSystemName.MatchesSimpleExpression(pattern, name), coreOnly: true);
        Assert.That(simple, Has.Some.Contains("match('a.b.c', '<.c')"), "DOS_STAR must be understood");
    }

    [Test]
    public void OffWindowsTheProviderKeepsTheStandIns()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("on Windows a native mount may have selected PrjFileNameCompare");
            return;
        }

        Assert.That(ProjFsNameComparer.Instance, Is.SameAs(ProjFsNameComparer.Managed));
        Assert.That(ProjFsNameMatcher.IsNative, Is.False);
    }

    [Test]
    public void TheNativeFunctionsAgreeWithTheDocumentedCore()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Ignore("PrjFileNameCompare/PrjFileNameMatch exist only in ProjectedFSLib.dll on Windows with Client-ProjFS; not run here");
            return;
        }

        Assert.That(NameRulesSelfCheck.Disagreements(NativeFileNames.Compare, NativeFileNames.Match, coreOnly: true), Is.Empty);
        var extended = NameRulesSelfCheck.Disagreements(NativeFileNames.Compare, NativeFileNames.Match);
        TestContext.Out.WriteLine($"{extended.Count} non-ASCII disagreement(s) with the stand-ins:\n" + string.Join('\n', extended));
    }
}
