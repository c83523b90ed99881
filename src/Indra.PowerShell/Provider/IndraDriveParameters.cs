using System.Management.Automation;

namespace Indra.PowerShell.Provider;

/// <summary>The Indra provider's parameters of <c>New-PSDrive</c>.</summary>
public sealed class IndraDriveParameters
{
    /// <summary>The vault directory the drive shows (default: <c>$INDRA_VAULT</c>, else ~/.local/share/indra/vault).</summary>
    [Parameter]
    public string? Vault { get; set; }
}
