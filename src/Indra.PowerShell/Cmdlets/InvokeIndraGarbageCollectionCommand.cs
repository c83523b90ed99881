using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Invoke-IndraGarbageCollection: removes the blocks no artifact references (gc), with Write-Progress; writes
/// what it freed.</summary>
/// <example><code>Invoke-IndraGarbageCollection</code>Removes the blocks no file references and reports what was freed.</example>
/// <example><code>Invoke-IndraGarbageCollection -Vault ~/vaults/work -WhatIf</code>Shows what would run, removing nothing.</example>
[Cmdlet(VerbsLifecycle.Invoke, "IndraGarbageCollection", SupportsShouldProcess = true)]
[OutputType(typeof(CollectReport))]
public sealed class InvokeIndraGarbageCollectionCommand : IndraCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var vault = VaultPath;
        if (!ShouldProcess(vault, "Remove unreferenced blocks")) return;
        using var pump = new ProgressPump(this, "Collecting garbage in " + vault);
        try
        {
            WriteObject(pump.Pump(ControlConnection.RunAsync(vault, (control, token) => control.CollectGarbageAsync(pump, token), Cancellation)));
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, vault));
        }
    }
}
