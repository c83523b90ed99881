using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraRealm: the realms this vault keeps (named groups of peers).</summary>
/// <example><code>Get-IndraRealm</code>The realms this vault keeps, with their members.</example>
/// <example><code>Get-IndraRealm fam*</code>The realms whose name starts with fam.</example>
[Cmdlet(VerbsCommon.Get, "IndraRealm")]
[OutputType(typeof(RealmItem))]
public sealed class GetIndraRealmCommand : IndraCmdlet
{
    /// <summary>Only realms matching this name (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var name = WildcardPattern.Get(Name ?? "*", WildcardOptions.IgnoreCase);
        if (TryInvoke(VaultPath, VaultPath, (control, token) => control.GetRealmsAsync(token), out var realms)) WriteObject(realms.Where(r => name.IsMatch(r.Name)), enumerateCollection: true);
    }
}
