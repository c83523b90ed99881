using System.Text.RegularExpressions;
using System.Xml.Linq;
using Indra.Packaging.Tests.Support;

namespace Indra.Packaging.Tests;

/// <summary>
/// The Group Policy templates (packaging/windows/policy/Indra.admx and en-US/Indra.adml): every setting of
/// docs/policy.md is a machine policy writing its registry value under HKLM\SOFTWARE\Policies\Indra with its type,
/// and every string and presentation the ADMX refers to is in the ADML.
/// </summary>
[TestFixture]
public sealed partial class PolicyTemplateTests
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions";
    private XDocument _admx = null!;
    private XDocument _adml = null!;

    [OneTimeSetUp]
    public void Parse()
    {
        _admx = XDocument.Load(Repository.Path("packaging/windows/policy/Indra.admx"));
        _adml = XDocument.Load(Repository.Path("packaging/windows/policy/en-US/Indra.adml"));
    }

    [TestCaseSource(nameof(Settings))]
    public void Setting_IsAMachinePolicyWithItsRegistryValueAndType(string jsonPath)
    {
        var setting = PolicyDocument.Settings.Single(s => s.JsonPath == jsonPath);
        var policies = _admx.Descendants(Ns + "policy").Where(p => p.Attribute("valueName")?.Value == setting.RegistryValue
            || p.Descendants().Any(e => e.Parent?.Name == Ns + "elements" && e.Attribute("valueName")?.Value == setting.RegistryValue)).ToList();
        Assert.That(policies, Has.Count.EqualTo(1), $"{setting.JsonPath}: policies writing {setting.RegistryValue}");
        var policy = policies[0];
        Assert.That(policy.Attribute("class")?.Value, Is.EqualTo("Machine"));
        Assert.That(policy.Attribute("key")?.Value, Is.EqualTo(@"SOFTWARE\Policies\Indra"));
        if (setting.IsSwitch)
        {
            // A bool: the policy's own value, 1 when enabled and 0 when disabled.
            Assert.That(policy.Attribute("valueName")?.Value, Is.EqualTo(setting.RegistryValue));
            Assert.That(policy.Element(Ns + "enabledValue")?.Element(Ns + "decimal")?.Attribute("value")?.Value, Is.EqualTo("1"));
            Assert.That(policy.Element(Ns + "disabledValue")?.Element(Ns + "decimal")?.Attribute("value")?.Value, Is.EqualTo("0"));
        }
        else
        {
            // longDecimal writes REG_QWORD, decimal REG_DWORD, text REG_SZ.
            var element = policy.Element(Ns + "elements")!.Elements().Single(e => e.Attribute("valueName")?.Value == setting.RegistryValue);
            var expected = setting.RegistryType switch { "REG_QWORD" => "longDecimal", "REG_DWORD" => "decimal", "REG_SZ" => "text", _ => "?" };
            Assert.That(element.Name.LocalName, Is.EqualTo(expected), setting.JsonPath);
            // Its presentation has a control for the element.
            var presentation = Reference(policy.Attribute("presentation")?.Value, "presentation");
            var controls = _adml.Descendants(Ns + "presentation").Single(p => p.Attribute("id")?.Value == presentation).Elements();
            Assert.That(controls.Select(c => c.Attribute("refId")?.Value), Does.Contain(element.Attribute("id")!.Value), setting.JsonPath);
        }
        // The explanation names the same setting in policy.json.
        var explain = Reference(policy.Attribute("explainText")?.Value, "string");
        Assert.That(Strings()[explain], Does.StartWith($"policy.json: {setting.JsonPath}\n"));
    }

    [Test]
    public void Admx_HasNoPolicyOutsideTheDocument()
    {
        var documented = PolicyDocument.Settings.Select(s => s.RegistryValue).ToHashSet();
        var written = _admx.Descendants().Select(e => e.Attribute("valueName")?.Value).OfType<string>().ToList();
        Assert.That(written, Is.Unique);
        Assert.That(written, Is.SubsetOf(documented));
        Assert.That(_admx.Descendants(Ns + "policy").Count(), Is.EqualTo(PolicyDocument.Settings.Count));
    }

    [Test]
    public void Adml_HasEveryStringAndPresentationTheAdmxRefersTo()
    {
        var strings = Strings();
        var presentations = _adml.Descendants(Ns + "presentation").Select(p => p.Attribute("id")!.Value).ToHashSet();
        var references = _admx.Descendants().Attributes().Select(a => ResourceReference().Match(a.Value)).Where(m => m.Success).ToList();
        Assert.That(references, Is.Not.Empty);
        foreach (var reference in references)
        {
            var known = reference.Groups[1].Value == "string" ? strings.ContainsKey(reference.Groups[2].Value) : presentations.Contains(reference.Groups[2].Value);
            Assert.That(known, Is.True, $"{reference.Value} is not in Indra.adml");
        }
    }

    public static IEnumerable<TestCaseData> Settings() =>
        PolicyDocument.Settings.Select(s => new TestCaseData(s.JsonPath));

    private Dictionary<string, string> Strings() =>
        _adml.Descendants(Ns + "string").ToDictionary(s => s.Attribute("id")!.Value, s => s.Value.Replace("\r", "", StringComparison.Ordinal));

    /// <summary>The id in a "$(KIND.ID)" reference.</summary>
    private static string Reference(string? value, string kind)
    {
        var match = ResourceReference().Match(value ?? "");
        Assert.That(match.Success && match.Groups[1].Value == kind, Is.True, $"'{value}' is not a $({kind}.ID) reference");
        return match.Groups[2].Value;
    }

    [GeneratedRegex(@"^\$\((string|presentation)\.([A-Za-z0-9_]+)\)$")]
    private static partial Regex ResourceReference();
}
