using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Set-IndraPeer: changes what a paired peer may place in this vault: its quota (bytes, files and folders;
/// its failed offers are tried again) and whether its offers are accepted without asking (turning it on accepts its
/// pending offers). While the vault is mounted the daemon applies it at once.</summary>
/// <example><code>Set-IndraPeer bob -QuotaBytes 1GB -AutoAccept $true</code>Lets bob's offers hold up to 1 GiB here and accepts them as they come.</example>
/// <example><code>Get-IndraPeer | Set-IndraPeer -AutoAccept $false -WhatIf</code>Shows which peers' auto-accept would be turned off.</example>
[Cmdlet(VerbsCommon.Set, "IndraPeer", SupportsShouldProcess = true)]
[OutputType(typeof(PeerItem))]
public sealed class SetIndraPeerCommand : IndraCmdlet
{
    /// <summary>The paired peer's name (bound from piped peers' Name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Most bytes of the peer's files held here.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? QuotaBytes { get; set; }

    /// <summary>Most files and folders of the peer held here.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? QuotaEntries { get; set; }

    /// <summary>Accept the peer's offers as they come ($true) or ask for each ($false).</summary>
    [Parameter]
    public bool? AutoAccept { get; set; }

    /// <summary>Write the peer as it is after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var changes = new List<string>();
        if (QuotaBytes is { } bytes) changes.Add($"quota {bytes} bytes");
        if (QuotaEntries is { } entries) changes.Add($"quota {entries} entries");
        if (AutoAccept is { } on) changes.Add($"auto-accept {(on ? "on" : "off")}");
        if (changes.Count == 0)
        {
            WriteError(Errors.ControlErrors.Record("NothingToSet", ErrorCategory.InvalidArgument, "give -QuotaBytes, -QuotaEntries or -AutoAccept", Name));
            return;
        }
        if (!ShouldProcess(Name, "Set " + string.Join(", ", changes))) return;
        PeerItem? peer = null;
        if ((QuotaBytes is not null || QuotaEntries is not null)
            && !TryInvoke(VaultPath, Name, (control, token) => control.SetPeerQuotaAsync(Name, QuotaBytes, QuotaEntries, token), out peer)) return;
        if (AutoAccept is { } setting && !TryInvoke(VaultPath, Name, (control, token) => control.SetAutoAcceptAsync(Name, setting, token), out peer)) return;
        if (PassThru && peer is not null) WriteObject(peer);
    }
}
