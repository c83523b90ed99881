using System.Globalization;
using System.Text.Json;

namespace Indra.Policy.Settings;

/// <summary>
/// One policy setting of docs/policy.md: its JSON path, its registry value under <c>HKLM\SOFTWARE\Policies\Indra</c>,
/// its type, range and default. It reads a value from each form a source gives it (a JSON element, a registry number,
/// a comma-separated text) and refuses anything else with <see cref="Requirement"/>, the line a user sees.
/// </summary>
public sealed class PolicySetting
{
    internal PolicySetting(string path, string registryValue, SettingKind kind, object defaultValue, long minimum = 0, long maximum = long.MaxValue, IReadOnlyList<string>? names = null)
    {
        Path = path;
        RegistryValue = registryValue;
        Kind = kind;
        Default = defaultValue;
        Minimum = minimum;
        Maximum = maximum;
        Names = names ?? [];
    }

    /// <summary>The setting's JSON path in the policy document and the user config ("quota.bytes").</summary>
    public string Path { get; }

    /// <summary>The name of its value under <c>HKLM\SOFTWARE\Policies\Indra</c> ("QuotaBytes").</summary>
    public string RegistryValue { get; }

    /// <summary>Its type.</summary>
    public SettingKind Kind { get; }

    /// <summary>The value when no source sets it (<see cref="long"/>, <see cref="bool"/> or a list of strings).</summary>
    public object Default { get; }

    /// <summary>Smallest allowed number (<see cref="SettingKind.Bytes"/>, <see cref="SettingKind.Count"/>).</summary>
    public long Minimum { get; }

    /// <summary>Largest allowed number (<see cref="SettingKind.Bytes"/>, <see cref="SettingKind.Count"/>).</summary>
    public long Maximum { get; }

    /// <summary>The names a <see cref="SettingKind.Names"/> list may hold, in documented order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>What a value must be, as the end of the one line that refuses a wrong one.</summary>
    public string Requirement => Kind switch
    {
        SettingKind.Bytes => $"{Path} must be a whole number of bytes {Range()}",
        SettingKind.Count => $"{Path} must be a whole number {Range()}",
        SettingKind.Flag => $"{Path} must be true or false",
        SettingKind.Names => $"{Path} must be a list of: {string.Join(", ", Names)}",
        _ => $"{Path} must be a list of player ids (64 hex digits each)",
    };

    private string Range() => Maximum == long.MaxValue
        ? ">= " + Minimum.ToString(CultureInfo.InvariantCulture)
        : $"from {Minimum.ToString(CultureInfo.InvariantCulture)} to {Maximum.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads the value from a JSON element of the document or the user config.</summary>
    /// <exception cref="PolicyException">Wrong type or out of range (message: <see cref="Requirement"/>).</exception>
    public object FromJson(JsonElement element)
    {
        switch (Kind)
        {
            case SettingKind.Bytes or SettingKind.Count:
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var number)) throw Refused();
                return FromNumber(number);
            case SettingKind.Flag:
                return element.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Refused(),
                };
            default:
                if (element.ValueKind != JsonValueKind.Array) throw Refused();
                var items = new List<string>();
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) throw Refused();
                    items.Add(item.GetString()!);
                }
                return FromList(items);
        }
    }

    /// <summary>Reads the value from a number (a registry REG_DWORD or REG_QWORD): flags take 0 or 1.</summary>
    /// <exception cref="PolicyException">A list setting, or a number out of range.</exception>
    public object FromNumber(long number)
    {
        switch (Kind)
        {
            case SettingKind.Bytes or SettingKind.Count:
                if (number < Minimum || number > Maximum) throw Refused();
                return number;
            case SettingKind.Flag:
                return number switch
                {
                    0 => false,
                    1 => true,
                    _ => throw Refused(),
                };
            default:
                throw Refused();
        }
    }

    /// <summary>
    /// Reads the value from text (a registry REG_SZ, an <c>indra mount --option</c>): a whole number, <c>true</c> or
    /// <c>false</c> (also 1 or 0), or a comma-separated list (empty for none).
    /// </summary>
    /// <exception cref="PolicyException">Text that does not read as the setting's type, or out of range.</exception>
    public object FromText(string text)
    {
        var trimmed = text.Trim();
        switch (Kind)
        {
            case SettingKind.Bytes or SettingKind.Count:
                if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) throw Refused();
                return FromNumber(number);
            case SettingKind.Flag:
                return trimmed switch
                {
                    "true" or "1" => true,
                    "false" or "0" => false,
                    _ => throw Refused(),
                };
            default:
                return FromList(trimmed.Length == 0 ? [] : trimmed.Split(',', StringSplitOptions.TrimEntries));
        }
    }

    /// <summary>A list of names or player ids: each allowed, kept once, in the order given (player ids lower-cased).</summary>
    private IReadOnlyList<string> FromList(IEnumerable<string> items)
    {
        var result = new List<string>();
        foreach (var item in items)
        {
            var value = Kind == SettingKind.PlayerIds ? item.ToLowerInvariant() : item;
            var allowed = Kind == SettingKind.PlayerIds ? IsPlayerId(value) : Names.Contains(value, StringComparer.Ordinal);
            if (!allowed) throw new PolicyException($"{Requirement} ('{item}' is not)");
            if (!result.Contains(value, StringComparer.Ordinal)) result.Add(value);
        }
        return result;
    }

    private static bool IsPlayerId(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>The value as <c>indra policy</c> prints it: a number, true/false, or a comma-separated list ("any"
    /// for an empty player list, "none" for an empty list of names).</summary>
    public string Format(object value) => value switch
    {
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IReadOnlyList<string> { Count: 0 } => Kind == SettingKind.PlayerIds ? "any" : "none",
        IReadOnlyList<string> list => string.Join(",", list),
        _ => value.ToString() ?? "",
    };

    private PolicyException Refused() => new(Requirement);

    /// <inheritdoc/>
    public override string ToString() => Path;
}
