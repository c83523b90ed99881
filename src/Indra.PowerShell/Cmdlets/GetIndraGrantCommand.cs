using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraGrant: the grants this vault made, active or ended, optionally of one peer.</summary>
/// <example><code>Get-IndraGrant</code>Every grant this vault made.</example>
/// <example><code>Get-IndraGrant -Peer bob -State active</code>The grants to bob still in force.</example>
[Cmdlet(VerbsCommon.Get, "IndraGrant")]
[OutputType(typeof(GrantItem))]
public sealed class GetIndraGrantCommand : IndraCmdlet
{
    /// <summary>Only grants to peers matching this name (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Peer { get; set; }

    /// <summary>Only grants in this state (active, expired, recalled, ended, transferred).</summary>
    [Parameter]
    [ValidateSet("active", "expired", "recalled", "ended", "transferred")]
    public string? State { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var peer = WildcardPattern.Get(Peer ?? "*", WildcardOptions.IgnoreCase);
        if (!TryInvoke(VaultPath, VaultPath, (control, token) => control.GetGrantsAsync(token), out var grants)) return;
        foreach (var grant in grants.Where(g => peer.IsMatch(g.Peer) && (State is null || g.State.Equals(State, StringComparison.OrdinalIgnoreCase)))) WriteObject(grant);
    }
}
