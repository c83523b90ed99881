using System.Management.Automation;

namespace Indra.PowerShell.Cmdlets;

/// <summary>New-IndraInvite: this vault's invite (its player id, key and address), which another vault's owner passes
/// to Add-IndraPeer.</summary>
/// <example><code>New-IndraInvite</code>Prints this vault's invite, for the other vault's owner to pass to Add-IndraPeer.</example>
/// <example><code>New-IndraInvite -Vault ~/vaults/work | Set-Clipboard</code>Copies another vault's invite.</example>
[Cmdlet(VerbsCommon.New, "IndraInvite")]
[OutputType(typeof(string))]
public sealed class NewIndraInviteCommand : IndraCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord() => Emit(VaultPath, (control, token) => control.CreateInviteAsync(token));
}
