using System.Text.RegularExpressions;

namespace Indra.Packaging.Tests.Support;

/// <summary>One row of the settings table of docs/policy.md.</summary>
/// <param name="JsonPath">The setting in policy.json, e.g. <c>quota.bytes</c>.</param>
/// <param name="RegistryValue">Its value name under <c>HKLM\SOFTWARE\Policies\Indra</c>, e.g. <c>QuotaBytes</c>.</param>
/// <param name="RegistryType">REG_QWORD, REG_DWORD or REG_SZ.</param>
/// <param name="IsSwitch">A REG_DWORD that is 0 or 1 (a bool).</param>
/// <param name="ValueType">The table's type column, e.g. <c>bytes, 0 = none</c> or <c>list of `revocable`, ...</c>.</param>
internal sealed record PolicySetting(string JsonPath, string RegistryValue, string RegistryType, bool IsSwitch, string ValueType)
{
    /// <summary>The MSI's public property that writes this setting: the registry value name in capitals.</summary>
    public string MsiProperty => RegistryValue.ToUpperInvariant();

    /// <summary>The words a list setting may hold (the backticked words of its type), empty for other types.</summary>
    public IReadOnlyList<string> AllowedWords =>
        ValueType.StartsWith("list of", StringComparison.Ordinal) ? [.. Regex.Matches(ValueType, "`([^`]+)`").Select(m => m.Groups[1].Value)] : [];
}

/// <summary>
/// The machine policy settings as docs/policy.md defines them (its "Settings" table), the one list the templates, the
/// installer and the example policy are checked against.
/// </summary>
internal static partial class PolicyDocument
{
    /// <summary>Every setting of the table, in its order.</summary>
    public static IReadOnlyList<PolicySetting> Settings { get; } = Load();

    private static List<PolicySetting> Load()
    {
        var lines = File.ReadAllLines(Repository.Path("docs/policy.md"));
        var heading = Array.FindIndex(lines, l => l.Trim() == "## Settings");
        Assert.That(heading, Is.GreaterThanOrEqualTo(0), "docs/policy.md has no '## Settings' section");
        var settings = new List<PolicySetting>();
        foreach (var line in lines.Skip(heading + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Split('|');
            var path = Backticked().Match(cells[1]);
            var registry = RegistryCell().Match(cells[2]);
            if (!path.Success || !registry.Success) continue; // the header and its rule
            settings.Add(new PolicySetting(path.Groups[1].Value, registry.Groups[1].Value, registry.Groups[2].Value,
                registry.Groups[3].Success, cells[3].Trim()));
        }
        Assert.That(settings, Is.Not.Empty, "no settings parsed from docs/policy.md");
        return settings;
    }

    [GeneratedRegex("^ *`([^`]+)` *$")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"`(\w+)` \((REG_\w+)( 0/1)?")]
    private static partial Regex RegistryCell();
}
