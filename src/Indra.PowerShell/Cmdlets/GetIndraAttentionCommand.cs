using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraAttention: attention events (opens, closes, listings, changes), newest first, since a time and on
/// a path.</summary>
/// <example><code>Get-IndraAttention -Since (Get-Date).AddHours(-1)</code>The attention events of the last hour, newest first.</example>
/// <example><code>Get-IndraAttention -Path v:\notes\plan.md -Limit 20</code>The last twenty events on one file.</example>
[Cmdlet(VerbsCommon.Get, "IndraAttention", DefaultParameterSetName = "Path")]
[OutputType(typeof(AttentionItem))]
public sealed class GetIndraAttentionCommand : IndraCmdlet
{
    /// <summary>Only events on these items (on an Indra drive; wildcards allowed); none: every path.</summary>
    [Parameter(Position = 0, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Items taken as written (bound from piped items' PSPath).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath")]
    public string[]? LiteralPath { get; set; }

    /// <summary>Only events at or after this time (local times are converted to UTC).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>At most this many events per path (1 to 10000, default 1000).</summary>
    [Parameter]
    [ValidateRange(1, ControlLimits.MaxListItems)]
    public int Limit { get; set; } = 1000;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        DateTimeOffset? since = Since is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : null;
        var paths = LiteralPath ?? Path;
        if (paths is null)
        {
            Emit(VaultPath, (control, token) => control.GetAttentionAsync(null, since, Limit, token));
            return;
        }
        foreach (var target in VaultTargets.Resolve(this, paths, LiteralPath is not null, Vault))
        {
            if (TryInvoke(target.Vault, target.Display, (control, token) => control.GetAttentionAsync(target.VaultPath, since, Limit, token), out var events)) WriteObject(events, enumerateCollection: true);
        }
    }
}
