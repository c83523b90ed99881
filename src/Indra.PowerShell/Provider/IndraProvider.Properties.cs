using System.Collections.ObjectModel;
using System.Management.Automation;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>The Indra provider's properties: Get-ItemProperty shows Id, Heat, Steward, LeafType, TreeType, AccessMode,
/// Size, Modified and Kind; none is settable (the vault derives each), so Set-ItemProperty and Clear-ItemProperty write
/// an error saying how to change it instead.</summary>
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
        foreach (var property in propertyValue.Properties) Refuse(path, property.Name);
    }

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
