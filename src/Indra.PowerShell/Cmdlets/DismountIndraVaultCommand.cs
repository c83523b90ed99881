using System.Management.Automation;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Dismount-IndraVault: flushes staged writes and unmounts the vault's daemon, which exits.</summary>
/// <example><code>Dismount-IndraVault</code>Flushes and unmounts the default vault's daemon.</example>
/// <example><code>Dismount-IndraVault -Vault ~/vaults/work -Confirm</code>Asks before unmounting another vault.</example>
[Cmdlet(VerbsData.Dismount, "IndraVault", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class DismountIndraVaultCommand : IndraCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var vault = VaultPath;
        if (!ShouldProcess(vault, "Dismount")) return;
        TryInvoke(vault, vault, async (control, token) =>
        {
            await control.UnmountAsync(token).ConfigureAwait(false);
            return true;
        }, out _);
    }
}
