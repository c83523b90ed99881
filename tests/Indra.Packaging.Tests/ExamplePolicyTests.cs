using System.Text.Json;
using System.Text.RegularExpressions;
using Indra.Packaging.Tests.Support;

namespace Indra.Packaging.Tests;

/// <summary>
/// The example machine policy the packages ship (packaging/linux/policy.json, installed as
/// /usr/share/doc/indra/examples/policy.json) is valid by docs/policy.md: it sets every setting, each a documented
/// name with a value of its documented type.
/// </summary>
[TestFixture]
public sealed partial class ExamplePolicyTests
{
    [Test]
    public void Example_SetsEverySettingWithItsDocumentedType()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.Path("packaging/linux/policy.json")));
        var values = new Dictionary<string, JsonElement>();
        Flatten(document.RootElement, "", values);
        var settings = PolicyDocument.Settings.ToDictionary(s => s.JsonPath);
        Assert.That(values.Keys, Is.EquivalentTo(settings.Keys));
        foreach (var (path, value) in values)
        {
            var setting = settings[path];
            if (setting.ValueType == "bool")
            {
                Assert.That(value.ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False), path);
            }
            else if (setting.ValueType.StartsWith("bytes", StringComparison.Ordinal) || setting.ValueType.StartsWith("count", StringComparison.Ordinal))
            {
                Assert.That(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0, Is.True, $"{path}: {value}");
            }
            else if (setting.ValueType.StartsWith("list of 64-hex", StringComparison.Ordinal))
            {
                Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Array), path);
                Assert.That(value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && PlayerId().IsMatch(e.GetString()!)), Is.True, path);
            }
            else
            {
                Assert.That(setting.AllowedWords, Is.Not.Empty, $"{path}: type '{setting.ValueType}' unknown to this test");
                Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Array), path);
                Assert.That(value.EnumerateArray().Select(e => e.GetString()), Is.SubsetOf(setting.AllowedWords), path);
            }
        }
    }

    /// <summary>Collects the leaves (values that are not objects) of <paramref name="element"/> by dotted path.</summary>
    private static void Flatten(JsonElement element, string prefix, Dictionary<string, JsonElement> into)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            into[prefix] = element;
            return;
        }
        foreach (var member in element.EnumerateObject()) Flatten(member.Value, prefix.Length == 0 ? member.Name : prefix + "." + member.Name, into);
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex PlayerId();
}
