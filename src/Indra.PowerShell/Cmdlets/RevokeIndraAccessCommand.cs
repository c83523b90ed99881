using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Revoke-IndraAccess: ends the grants of files or folders to a peer (a Permanent grant cannot be recalled);
/// takes paths, or grants piped from Get-IndraGrant.</summary>
/// <example><code>Revoke-IndraAccess -Path v:\notes\plan.md -Peer bob</code>Ends bob's grants of the file.</example>
/// <example><code>Get-IndraGrant -Peer bob -State active | Revoke-IndraAccess -WhatIf</code>Shows which of bob's active grants would end.</example>
[Cmdlet(VerbsSecurity.Revoke, "IndraAccess", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(void))]
public sealed class RevokeIndraAccessCommand : IndraCmdlet
{
    /// <summary>Files or folders on an Indra drive (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Files or folders taken as written (bound from piped items' PSPath).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The peer whose grants end.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Path")]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Peer { get; set; } = "";

    /// <summary>Grants from Get-IndraGrant (their path and peer).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Grant")]
    public GrantItem? InputObject { get; set; }

    /// <summary>Write how many grants ended.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject is { } grant)
        {
            if (grant.Path is null) return;
            Recall(new VaultTarget(VaultPath, grant.Path, grant.Path), grant.Peer);
            return;
        }
        var literal = ParameterSetName == "LiteralPath";
        foreach (var target in VaultTargets.Resolve(this, literal ? LiteralPath : Path, literal, Vault)) Recall(target, Peer);
    }

    private void Recall(VaultTarget target, string peer)
    {
        if (!ShouldProcess(target.Display, $"Revoke access of {peer}")) return;
        if (TryInvoke(target.Vault, target.Display, (control, token) => control.RecallAsync(target.VaultPath, peer, token), out var ended) && PassThru) WriteObject(ended);
    }
}
