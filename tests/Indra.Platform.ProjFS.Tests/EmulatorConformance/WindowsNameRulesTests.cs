using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.EmulatorConformance;

/// <summary>A provider that hands ProjFS a name Windows cannot hold is caught (ERROR_INVALID_NAME and a violation).</summary>
[TestFixture]
public sealed class WindowsNameRulesTests : EmulatorTestBase
{
    [TestCase("a:b.txt")]
    [TestCase("CON")]
    [TestCase("aux.txt")]
    [TestCase("x?")]
    [TestCase("trailing.")]
    [TestCase("trailing ")]
    public void AListedIllegalNameIsAViolation(string name)
    {
        Provider.File("odd\\" + name, "x").File("odd\\fine.txt", "y");
        var listed = Emulator.EnumerateDirectory("odd").Select(e => e.Name).ToList();
        Assert.That(listed, Does.Not.Contain(name), "PrjFillDirEntryBuffer refused it (ERROR_INVALID_NAME; the scripted provider skips such entries)");
        Assert.That(Emulator.Violations, Has.Some.Contains($"PrjFillDirEntryBuffer got '{name}', a name Windows cannot hold"));
    }

    [Test]
    public void APlaceholderUnderAnIllegalNameIsAViolation()
    {
        Provider.File("odd\\a:b.txt", "x");
        var error = Assert.Throws<EmulatedIOException>(() => Emulator.ReadAll("odd\\a:b.txt"))!;
        Assert.That(error.HResult, Is.EqualTo(HResult.InvalidName));
        Assert.That(Emulator.Violations, Has.Some.Contains("PrjWritePlaceholderInfo named 'a:b.txt'"));
    }

    [Test]
    public void LegalNamesPass()
    {
        Provider.File("odd\\CONSOLE.txt", "x").File("odd\\a\uF03Ab.txt", "y");
        Assert.That(Emulator.EnumerateDirectory("odd").Select(e => e.Name), Is.EqualTo(new[] { "a\uF03Ab.txt", "CONSOLE.txt" }));
        Assert.That(Emulator.Violations, Is.Empty);
    }
}
