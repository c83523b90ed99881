using System.Runtime.Versioning;
using Microsoft.Win32;

namespace Indra.Policy.Sources;

/// <summary>The real <c>HKLM\SOFTWARE\Policies\Indra</c> key (64-bit view), read with Microsoft.Win32.Registry.</summary>
[SupportedOSPlatform("windows")]
public sealed class WindowsPolicyRegistry : IPolicyRegistry
{
    /// <summary>The key under HKEY_LOCAL_MACHINE.</summary>
    public const string KeyPath = @"SOFTWARE\Policies\Indra";

    /// <inheritdoc/>
    public string Location => @"HKLM\" + KeyPath;

    /// <inheritdoc/>
    public IReadOnlyList<PolicyRegistryValue>? ReadValues()
    {
        using var machine = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);
        using var key = machine.OpenSubKey(KeyPath, writable: false);
        if (key is null) return null;
        var values = new List<PolicyRegistryValue>();
        foreach (var name in key.GetValueNames())
        {
            var data = key.GetValue(name, null, RegistryValueOptions.DoNotExpandEnvironmentNames);
            var type = key.GetValueKind(name) switch
            {
                RegistryValueKind.DWord => PolicyRegistryType.DWord,
                RegistryValueKind.QWord => PolicyRegistryType.QWord,
                RegistryValueKind.String or RegistryValueKind.ExpandString => PolicyRegistryType.String,
                _ => PolicyRegistryType.Other,
            };
            values.Add(new PolicyRegistryValue(name, type, data));
        }
        return values;
    }
}
