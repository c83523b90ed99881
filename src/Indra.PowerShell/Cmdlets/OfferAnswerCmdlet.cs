using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>What Approve-IndraOffer and Deny-IndraOffer share: the offer by <c>-Id</c> (its id, its first 4+
/// characters, or PEER/ID) or piped from Get-IndraOffer, <c>-WhatIf</c>/<c>-Confirm</c>, and the offer as it is after
/// the answer with <c>-PassThru</c>.</summary>
public abstract class OfferAnswerCmdlet : IndraCmdlet
{
    /// <summary>The offer id (at least its first 4 characters; PEER/ID when two peers offer the same id).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Id")]
    [ValidateNotNullOrEmpty]
    public string Id { get; set; } = "";

    /// <summary>Offers from Get-IndraOffer.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Offer")]
    public OfferItem? InputObject { get; set; }

    /// <summary>Write the offer as it is after the answer.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>What the answer is called for -WhatIf ("Accept", "Decline").</summary>
    private protected abstract string Action { get; }

    /// <summary>Sends the answer.</summary>
    private protected abstract Task<OfferItem> AnswerAsync(IVaultControl control, string id, CancellationToken token);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var id = InputObject is { } offer ? $"{offer.Peer}/{offer.Id}" : Id;
        var shown = InputObject is { } described ? $"{described.Name} from {described.Peer} ({described.Id})" : Id;
        if (!ShouldProcess(shown, Action + " offer")) return;
        if (TryInvoke(VaultPath, id, (control, token) => AnswerAsync(control, id, token), out var answered) && PassThru) WriteObject(answered);
    }
}
