using System.Management.Automation;
using Indra.Control;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Cmdlets;

/// <summary>
/// What every Indra cmdlet shares: the <c>-Vault</c> parameter (a vault directory; default <c>$INDRA_VAULT</c>, else
/// ~/.local/share/indra/vault; bound from the pipeline's <c>Vault</c> property, which vault items and Get-IndraVault
/// carry), one control request per call, Ctrl-C cancelling it, and failures written as error records.
/// </summary>
public abstract class IndraCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The vault directory (default: $INDRA_VAULT, else ~/.local/share/indra/vault).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>The vault directory this call means (full path).</summary>
    protected string VaultPath => VaultDirectory.Resolve(Vault, SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    /// <summary>Cancelled when the user stops the pipeline.</summary>
    protected CancellationToken Cancellation => _stopping.Token;

    /// <inheritdoc />
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Runs one request on <paramref name="vault"/>; on failure writes the error record about
    /// <paramref name="target"/> and returns false.</summary>
    protected bool TryInvoke<T>(string vault, object? target, Func<IVaultControl, CancellationToken, Task<T>> request, out T result)
    {
        try
        {
            result = ControlConnection.Run(vault, request, Cancellation);
            return true;
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, target));
            result = default!;
            return false;
        }
    }

    /// <summary>Runs one request on this call's vault and writes its answer to the pipeline (each element of a list).</summary>
    protected void Emit<T>(object? target, Func<IVaultControl, CancellationToken, Task<T>> request)
    {
        if (TryInvoke(VaultPath, target, request, out var result)) WriteObject(result, enumerateCollection: true);
    }

    /// <summary>Disposes the cancellation source.</summary>
    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
