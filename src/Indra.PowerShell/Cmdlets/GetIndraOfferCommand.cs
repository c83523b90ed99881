using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraOffer: the grants and transfers peers offered this vault, with their state (pending, accepted,
/// failed, declined) and, for a failed or declined one, the reason. Pipe them to Approve-IndraOffer or Deny-IndraOffer.</summary>
/// <example><code>Get-IndraOffer -State pending</code>The offers waiting for an answer.</example>
/// <example><code>Get-IndraOffer -Peer bob -State pending | Approve-IndraOffer</code>Accepts every offer of bob that waits.</example>
[Cmdlet(VerbsCommon.Get, "IndraOffer")]
[OutputType(typeof(OfferItem))]
public sealed class GetIndraOfferCommand : IndraCmdlet
{
    /// <summary>Only offers of peers matching this name (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Peer { get; set; }

    /// <summary>Only offers in this state.</summary>
    [Parameter]
    [ValidateSet("pending", "accepted", "failed", "declined")]
    public string? State { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var peer = WildcardPattern.Get(Peer ?? "*", WildcardOptions.IgnoreCase);
        if (!TryInvoke(VaultPath, VaultPath, (control, token) => control.GetOffersAsync(token), out var offers)) return;
        WriteObject(offers.Where(o => peer.IsMatch(o.Peer) && (State is null || o.State.Equals(State, StringComparison.OrdinalIgnoreCase))), enumerateCollection: true);
    }
}
