using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Deny-IndraOffer: declines an offer a peer made (indra decline): nothing of it is fetched, what was received
/// of it is dropped, until the peer makes a new grant. A transfer already taken cannot be declined.</summary>
/// <example><code>Deny-IndraOffer 3f9c2a1e</code>Declines the offer whose id starts with 3f9c2a1e.</example>
/// <example><code>Get-IndraOffer -Peer carol -State pending | Deny-IndraOffer -PassThru</code>Declines carol's waiting offers and shows them.</example>
[Cmdlet(VerbsLifecycle.Deny, "IndraOffer", SupportsShouldProcess = true, DefaultParameterSetName = "Id")]
[OutputType(typeof(OfferItem))]
public sealed class DenyIndraOfferCommand : OfferAnswerCmdlet
{
    private protected override string Action => "Decline";

    private protected override Task<OfferItem> AnswerAsync(IVaultControl control, string id, CancellationToken token) => control.DeclineOfferAsync(id, token);
}
