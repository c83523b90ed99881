using System.Security;
using Indra.Policy.Settings;

namespace Indra.Policy.Sources;

/// <summary>
/// Reads machine policy from the registry key Group Policy writes (docs/policy.md's registry column): numbers as
/// REG_QWORD or REG_DWORD, flags as REG_DWORD 0/1, lists as comma-separated REG_SZ. As strict as the document: an
/// unknown value name, a wrong registry type or a value out of range makes the whole policy invalid.
/// </summary>
public static class PolicyRegistryReader
{
    /// <summary>The machine policy in <paramref name="registry"/>, or null when the key does not exist.</summary>
    /// <exception cref="PolicyException">The key cannot be read, or a value is invalid:
    /// <c>invalid machine policy HKLM\SOFTWARE\Policies\Indra: QuotaBytes must be ...</c>.</exception>
    public static PolicyLayer? Read(IPolicyRegistry registry)
    {
        var source = new PolicySource(PolicySourceKind.MachinePolicy, registry.Location);
        IReadOnlyList<PolicyRegistryValue>? entries;
        try
        {
            entries = registry.ReadValues();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or SecurityException)
        {
            throw source.Invalid("cannot be read (" + e.Message + ")");
        }
        if (entries is null) return null;
        var values = new Dictionary<PolicySetting, object>();
        foreach (var entry in entries)
        {
            // The key's default value (empty name) is not a setting; Group Policy leaves it unset.
            if (entry.Name.Length == 0 && entry.Data is null) continue;
            var setting = PolicySettings.ByRegistryValue(entry.Name) ?? throw source.Invalid($"unknown value '{entry.Name}'");
            try
            {
                values[setting] = Value(setting, entry);
            }
            catch (PolicyException e)
            {
                throw source.Invalid($"{entry.Name} ({setting.Path}): {e.Message}");
            }
        }
        return new PolicyLayer(source, values);
    }

    private static object Value(PolicySetting setting, PolicyRegistryValue entry)
    {
        var list = setting.Kind is SettingKind.Names or SettingKind.PlayerIds;
        return entry switch
        {
            { Type: PolicyRegistryType.String, Data: string text } when list => setting.FromText(text),
            { Type: PolicyRegistryType.DWord, Data: int number } when !list => setting.FromNumber((uint)number),
            { Type: PolicyRegistryType.QWord, Data: long number } when !list && setting.Kind != SettingKind.Flag => setting.FromNumber(number),
            _ => throw new PolicyException($"{setting.Requirement}, stored as {Expected(setting)}"),
        };
    }

    private static string Expected(PolicySetting setting) => setting.Kind switch
    {
        SettingKind.Flag => "REG_DWORD 0 or 1",
        SettingKind.Names or SettingKind.PlayerIds => "REG_SZ, comma-separated",
        _ => "REG_QWORD (or REG_DWORD)",
    };
}
