using System.Management.Automation;
using Indra.Control;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Dismount-IndraVault: flushes staged writes and unmounts the vault's daemon, then waits (up to a minute) until
/// the daemon has let go of the vault, so the next command opens it in-process.</summary>
/// <example><code>Dismount-IndraVault</code>Flushes and unmounts the default vault's daemon.</example>
/// <example><code>Dismount-IndraVault -Vault ~/vaults/work -Confirm</code>Asks before unmounting another vault.</example>
[Cmdlet(VerbsData.Dismount, "IndraVault", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class DismountIndraVaultCommand : IndraCmdlet
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var vault = VaultPath;
        if (!ShouldProcess(vault, "Dismount")) return;
        var unmounted = TryInvoke(vault, vault, async (control, token) =>
        {
            await control.UnmountAsync(token).ConfigureAwait(false);
            return true;
        }, out _);
        if (unmounted && !Released(vault))
        {
            WriteError(ControlErrors.Record("Busy", ErrorCategory.ResourceBusy, $"the daemon of {vault} unmounted but still holds the vault after {ExitWait.TotalSeconds:0} s", vault));
        }
    }

    /// <summary>Polls the vault's state until it opens unmounted (the daemon exited), or the wait ends.</summary>
    private bool Released(string vault)
    {
        var deadline = DateTime.UtcNow + ExitWait;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (!ControlConnection.Run(vault, (control, token) => control.GetStatusAsync(token), Cancellation).Mounted) return true;
            }
            catch (VaultControlException e) when (e.Kind is ControlErrorKind.Busy or ControlErrorKind.Unavailable)
            {
                // The daemon is still exiting.
            }
            Task.Delay(100, Cancellation).GetAwaiter().GetResult();
        }
        return false;
    }
}
