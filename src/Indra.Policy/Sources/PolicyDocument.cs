using System.Text;
using System.Text.Json;
using Indra.Policy.Settings;

namespace Indra.Policy.Sources;

/// <summary>
/// Reads the JSON form of the settings (the machine policy file, the user config): one object, every member
/// optional, nested as the settings' paths say (<c>{"quota": {"bytes": 1}}</c>). Strict: comments, trailing commas,
/// unknown or repeated members, wrong types and values out of range are refused with one line naming the setting.
/// </summary>
public static class PolicyDocument
{
    /// <summary>Reads the file at <paramref name="path"/> for <paramref name="source"/>, or null when it does not exist.</summary>
    /// <exception cref="PolicyException">It exists but cannot be read, or is invalid (<see cref="Parse"/>).</exception>
    public static PolicyLayer? Read(string path, PolicySource source)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                if (Directory.Exists(path)) throw source.Invalid("is a directory, not a file");
                return null;
            }
            text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw source.Invalid("cannot be read (" + e.Message + ")");
        }
        return Parse(text, source);
    }

    /// <summary>Reads <paramref name="json"/> as the settings of <paramref name="source"/>.</summary>
    /// <exception cref="PolicyException">Not one JSON object, an unknown or repeated member, a wrong type or a value
    /// out of range: <c>invalid machine policy PATH: quota.bytes must be a whole number of bytes &gt;= 0</c>.</exception>
    public static PolicyLayer Parse(string json, PolicySource source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw source.Invalid($"is not valid JSON{where}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw source.Invalid("must be one JSON object");
            var values = new Dictionary<PolicySetting, object>();
            try
            {
                ReadObject(document.RootElement, "", values);
            }
            catch (PolicyException e)
            {
                throw source.Invalid(e.Message);
            }
            return new PolicyLayer(source, values);
        }
    }

    private static void ReadObject(JsonElement element, string prefix, Dictionary<PolicySetting, object> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var path = prefix + member.Name;
            if (!seen.Add(member.Name)) throw new PolicyException($"{path} is given twice");
            if (PolicySettings.ByPath(path) is { } setting)
            {
                values[setting] = setting.FromJson(member.Value);
            }
            else if (PolicySettings.All.Any(s => s.Path.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                if (member.Value.ValueKind != JsonValueKind.Object) throw new PolicyException($"{path} must be an object");
                ReadObject(member.Value, path + ".", values);
            }
            else
            {
                throw new PolicyException($"unknown setting '{path}'");
            }
        }
    }
}
