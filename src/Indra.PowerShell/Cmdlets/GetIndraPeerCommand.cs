using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraPeer: the paired peers, with their player id, address, whether they were reachable at the last
/// sync, whether their offers are accepted without asking, and their quotas.</summary>
/// <example><code>Get-IndraPeer</code>The paired peers.</example>
/// <example><code>Get-IndraPeer b* | Where-Object Connected</code>The peers whose name starts with b that were reachable at the last sync.</example>
[Cmdlet(VerbsCommon.Get, "IndraPeer")]
[OutputType(typeof(PeerItem))]
public sealed class GetIndraPeerCommand : IndraCmdlet
{
    /// <summary>Only peers matching this name (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var name = WildcardPattern.Get(Name ?? "*", WildcardOptions.IgnoreCase);
        if (TryInvoke(VaultPath, VaultPath, (control, token) => control.GetPeersAsync(token), out var peers)) WriteObject(peers.Where(p => name.IsMatch(p.Name)), enumerateCollection: true);
    }
}
