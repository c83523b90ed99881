using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Add-IndraPeer: pairs with the vault whose invite is given, under a local name.</summary>
/// <example><code>Add-IndraPeer -Name bob -Invite 'indra:...@host:7420' -AutoAccept</code>Pairs with bob's vault, accepting his offers without asking.</example>
/// <example><code>Add-IndraPeer bob (New-IndraInvite -Vault ~/vaults/bob)</code>Pairs the default vault with another local vault.</example>
[Cmdlet(VerbsCommon.Add, "IndraPeer", SupportsShouldProcess = true)]
[OutputType(typeof(PeerItem))]
public sealed class AddIndraPeerCommand : IndraCmdlet
{
    /// <summary>The name the peer goes by here (peers\NAME).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The peer's invite (New-IndraInvite or indra peer invite on its side).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Invite { get; set; } = "";

    /// <summary>Accept the peer's offers without asking.</summary>
    [Parameter]
    public SwitchParameter AutoAccept { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name, "Pair")) return;
        Emit(Name, (control, token) => control.AddPeerAsync(Name, Invite, AutoAccept, token));
    }
}
