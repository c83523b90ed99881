using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraVault: the vault's state (directory, mount, player, counts, sharing), as <c>indra status</c>.</summary>
/// <example><code>Get-IndraVault</code>Shows the default vault's state: whether it is mounted, its player id, counts of leaves, trees and blocks.</example>
/// <example><code>Get-IndraVault -Vault ~/vaults/work | Select-Object Mounted, MountPoint, Blocks</code>Shows whether another vault is mounted, where, and how many blocks it stores.</example>
[Cmdlet(VerbsCommon.Get, "IndraVault")]
[OutputType(typeof(VaultStatus))]
public sealed class GetIndraVaultCommand : IndraCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord() => Emit(VaultPath, (control, token) => control.GetStatusAsync(token));
}
