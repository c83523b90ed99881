using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Provider;

/// <summary>
/// The properties <c>Get-ItemProperty</c> shows for a vault item, and why <c>Set-ItemProperty</c> changes none of
/// them but a folder's TreeType: each other is derived by the vault (the content's hash, attention, the owner, the
/// name's type inference, a grant).
/// </summary>
internal static class ItemProperties
{
    /// <summary>Property name to (value of an item, why it cannot be set).</summary>
    private static readonly Dictionary<string, (Func<VaultItem, object?> Value, string Fixed)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = (i => i.Id, "Id is the BLAKE3 hash of the content: change the content (Set-Content) to change it"),
        ["Heat"] = (i => i.Heat, "Heat is computed from attention (opens, dwell, peers): open the item to change it"),
        ["Steward"] = (i => i.Steward, "Steward is the owner's player id: Grant-IndraAccess -Mode Transfer passes stewardship"),
        ["LeafType"] = (i => i.LeafType, "LeafType is inferred from the name and place: rename the item to change it"),
        ["TreeType"] = (i => i.TreeType, "TreeType belongs to folders: a file's type is its LeafType, inferred from its name"),
        ["AccessMode"] = (i => i.AccessMode, "AccessMode is the mode of a grant: use Grant-IndraAccess and Revoke-IndraAccess"),
        ["Size"] = (i => i.Size, "Size follows the content: use Set-Content"),
        ["Modified"] = (i => i.Modified, "Modified is set by every change of the content"),
        ["Kind"] = (i => i.Kind, "Kind is fixed when the item is created"),
    };

    /// <summary>The names Get-ItemProperty shows by default, in order.</summary>
    internal static readonly string[] Names = ["Id", "Heat", "Steward", "LeafType", "TreeType", "AccessMode", "Size", "Modified", "Kind"];

    /// <summary>The one property Set-ItemProperty changes (a folder's).</summary>
    internal const string Settable = "TreeType";

    /// <summary>True when <paramref name="name"/> is a property of vault items.</summary>
    internal static bool IsKnown(string name) => Known.ContainsKey(name);

    /// <summary>The value of property <paramref name="name"/> of <paramref name="item"/>.</summary>
    internal static object? Value(VaultItem item, string name) => Known[name].Value(item);

    /// <summary>Why property <paramref name="name"/> cannot be set.</summary>
    internal static string WhyFixed(string name) => Known[name].Fixed;

    /// <summary>An object with the properties <paramref name="names"/> (all when null or empty) of <paramref name="item"/>.</summary>
    internal static PSObject Pick(VaultItem item, IEnumerable<string> names)
    {
        var result = new PSObject();
        foreach (var name in names) result.Properties.Add(new PSNoteProperty(Canonical(name), Value(item, name)));
        return result;
    }

    private static string Canonical(string name) => Names.First(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
}
