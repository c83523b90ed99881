using System.Text.Json;
using System.Text.RegularExpressions;

namespace Indra.Cli.Tests.Support;

/// <summary>
/// A verb's <c>--json</c> shape as docs/json-output.md documents it: the section's example (every field, each with a
/// value of its type) and its field table (a field whose type says "or null" may be null). <see cref="Check"/>
/// compares a real document with it: every documented field present, of the documented JSON type (or null where
/// allowed), in every element of every array, and no field the documentation does not show.
/// </summary>
internal sealed partial class DocumentedShape
{
    private readonly JsonElement _example;
    private readonly Dictionary<string, string> _types;

    private DocumentedShape(JsonElement example, Dictionary<string, string> types)
    {
        _example = example;
        _types = types;
    }

    /// <summary>The documented shape of <paramref name="verb"/> (its "### verb" section).</summary>
    public static DocumentedShape Of(string verb)
    {
        var text = File.ReadAllText(DocumentPath());
        var start = text.IndexOf("\n### " + verb + "\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"docs/json-output.md has a section '### {verb}'");
        var end = text.IndexOf("\n### ", start + 5, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var json = JsonBlock().Match(section);
        Assert.That(json.Success, Is.True, $"the '{verb}' section has a ```json example");
        var types = FieldRow().Matches(section).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        Assert.That(types, Is.Not.Empty, $"the '{verb}' section has a field table");
        return new DocumentedShape(JsonDocument.Parse(json.Groups[1].Value).RootElement.Clone(), types);
    }

    /// <summary>Fails the test unless <paramref name="actual"/> has every documented field with its documented type.</summary>
    public void Check(JsonElement actual, string what) => Compare(_example, actual, "", what);

    /// <summary>The documented top-level field names, in the example's order.</summary>
    public IReadOnlyList<string> Fields => _example.EnumerateObject().Select(p => p.Name).ToList();

    private void Compare(JsonElement documented, JsonElement actual, string path, string what)
    {
        _types.TryGetValue(path, out var type);
        var nullable = type is not null && type.EndsWith(" or null", StringComparison.Ordinal);
        if (actual.ValueKind == JsonValueKind.Null)
        {
            Assert.That(nullable || documented.ValueKind == JsonValueKind.Null, Is.True, $"{what}: '{path}' is null, which the documentation does not allow");
            return;
        }
        if (documented.ValueKind == JsonValueKind.Null)
        {
            Assert.That(type, Is.Not.Null, $"{what}: '{path}' has no row in the field table");
            Assert.That(Kind(actual.ValueKind).ToString().ToLowerInvariant(), Is.EqualTo(TypeKind(type!)), $"{what}: '{path}' is documented as {type}");
            return;
        }
        Assert.That(Kind(actual.ValueKind), Is.EqualTo(Kind(documented.ValueKind)), $"{what}: '{path}' is documented as {documented.ValueKind}");
        if (documented.ValueKind == JsonValueKind.Object)
        {
            var undocumented = actual.EnumerateObject().Select(p => p.Name).Where(n => !documented.TryGetProperty(n, out _)).ToList();
            Assert.That(undocumented, Is.Empty, $"{what}: fields at '{path}' the documentation does not show");
            foreach (var field in documented.EnumerateObject())
            {
                var name = path.Length == 0 ? field.Name : path + "." + field.Name;
                Assert.That(actual.TryGetProperty(field.Name, out var value), Is.True, $"{what}: the documented field '{name}' is missing");
                Compare(field.Value, value, name, what);
            }
        }
        else if (documented.ValueKind == JsonValueKind.Array && documented.GetArrayLength() > 0)
        {
            foreach (var element in actual.EnumerateArray()) Compare(documented[0], element, path, what);
        }
    }

    private static JsonValueKind Kind(JsonValueKind kind) => kind == JsonValueKind.False ? JsonValueKind.True : kind;

    /// <summary>The JSON value kind a table type names ("string or null" is string), as <see cref="JsonValueKind"/> in lower case.</summary>
    private static string TypeKind(string type) => type.Split(' ')[0] switch
    {
        "boolean" => "true",
        var word => word,
    };

    private static string DocumentPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "docs", "json-output.md");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("docs/json-output.md above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"^\| `([a-z_.]+)` \| ([^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex FieldRow();
}
