using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Test-IndraVault: checks the vault (fsck) with Write-Progress, and with -Repair repairs what it can; writes
/// the report (Clean is true when nothing is left wrong).</summary>
/// <example><code>Test-IndraVault</code>Checks the default vault, showing progress; Clean in the report is true when nothing is wrong.</example>
/// <example><code>Test-IndraVault -Repair -Confirm</code>Checks and repairs, asking first.</example>
[Cmdlet(VerbsDiagnostic.Test, "IndraVault", SupportsShouldProcess = true)]
[OutputType(typeof(CheckReport))]
public sealed class TestIndraVaultCommand : IndraCmdlet
{
    /// <summary>Repair the problems found.</summary>
    [Parameter]
    public SwitchParameter Repair { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var vault = VaultPath;
        if (Repair && !ShouldProcess(vault, "Check and repair")) return;
        using var pump = new ProgressPump(this, "Checking " + vault);
        try
        {
            WriteObject(pump.Pump(ControlConnection.RunAsync(vault, (control, token) => control.CheckAsync(Repair, pump, token), Cancellation)));
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, vault));
        }
    }
}
