using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Approve-IndraOffer: accepts an offer a peer made (indra accept): it is fetched in the peer's next sync
/// round (at once while the vault is mounted), and later versions of it follow without asking; a declined offer is
/// accepted after all.</summary>
/// <example><code>Approve-IndraOffer 3f9c2a1e</code>Accepts the offer whose id starts with 3f9c2a1e.</example>
/// <example><code>Get-IndraOffer -State pending | Approve-IndraOffer -WhatIf</code>Shows which offers would be accepted.</example>
[Cmdlet(VerbsLifecycle.Approve, "IndraOffer", SupportsShouldProcess = true, DefaultParameterSetName = "Id")]
[OutputType(typeof(OfferItem))]
public sealed class ApproveIndraOfferCommand : OfferAnswerCmdlet
{
    private protected override string Action => "Accept";

    private protected override Task<OfferItem> AnswerAsync(IVaultControl control, string id, CancellationToken token) => control.AcceptOfferAsync(id, token);
}
