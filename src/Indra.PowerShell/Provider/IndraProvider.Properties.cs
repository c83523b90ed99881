using System.Collections.ObjectModel;
using System.Management.Automation;
using Indra.Engine.Domain;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>The Indra provider's properties: Get-ItemProperty shows Id, Heat, Steward, LeafType, TreeType, AccessMode,
/// Size, Modified and Kind. Set-ItemProperty sets a folder's TreeType (through the control API, as setfattr of
/// user.indra.tree_type on the mount does); every other property is derived by the vault, so Set-ItemProperty and
/// Clear-ItemProperty write an error saying how to change it instead.</summary>
public sealed partial class IndraProvider
{
    /// <inheritdoc />
    public void GetProperty(string path, Collection<string>? providerSpecificPickList)
    {
        var names = providerSpecificPickList is { Count: > 0 } ? providerSpecificPickList : [.. ItemProperties.Names];
        var unknown = names.FirstOrDefault(n => !ItemProperties.IsKnown(n));
        if (unknown is not null)
        {
            WriteError(ControlErrors.Record("Property", ErrorCategory.InvalidArgument, $"vault items have no property {unknown} (they have {string.Join(", ", ItemProperties.Names)})", path));
            return;
        }
        if (TryStat(At(path)) is { } item) WritePropertyObject(ItemProperties.Pick(item, names), path);
    }

    /// <inheritdoc />
    public object? GetPropertyDynamicParameters(string path, Collection<string>? providerSpecificPickList) => null;

    /// <inheritdoc />
    public void SetProperty(string path, PSObject propertyValue)
    {
        foreach (var property in propertyValue.Properties)
        {
            if (!property.Name.Equals(ItemProperties.Settable, StringComparison.OrdinalIgnoreCase))
            {
                Refuse(path, property.Name);
                continue;
            }
            if (ParseTreeType(property.Value) is not { } type)
            {
                WriteError(ControlErrors.Record("TreeType", ErrorCategory.InvalidArgument,
                    $"'{property.Value}' is not a TreeType (one of {string.Join(", ", Enum.GetNames<TreeType>())})", path));
                continue;
            }
            if (!ShouldProcess(path, "Set TreeType to " + type)) continue;
            Change(path, () =>
            {
                var item = Call((control, token) => control.SetTreeTypeAsync(At(path), type, token));
                WritePropertyObject(ItemProperties.Pick(item, [ItemProperties.Settable]), path);
            });
        }
    }

    /// <summary>A TreeType given by name (any case) or as the enum itself; null for anything else (a number included).</summary>
    private static TreeType? ParseTreeType(object? value) => (value is PSObject wrapped ? wrapped.BaseObject : value) switch
    {
        TreeType type when Enum.IsDefined(type) => type,
        string name when !name.Trim().All(char.IsAsciiDigit) && Enum.TryParse<TreeType>(name.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
        _ => null,
    };

    /// <inheritdoc />
    public object? SetPropertyDynamicParameters(string path, PSObject propertyValue) => null;

    /// <inheritdoc />
    public void ClearProperty(string path, Collection<string> propertyToClear)
    {
        foreach (var name in propertyToClear) Refuse(path, name);
    }

    /// <inheritdoc />
    public object? ClearPropertyDynamicParameters(string path, Collection<string> propertyToClear) => null;

    private void Refuse(string path, string name) => WriteError(ItemProperties.IsKnown(name)
        ? ControlErrors.Record("PropertyFixed", ErrorCategory.InvalidOperation, ItemProperties.WhyFixed(name), path)
        : ControlErrors.Record("Property", ErrorCategory.InvalidArgument, $"vault items have no property {name} (they have {string.Join(", ", ItemProperties.Names)})", path));
}
