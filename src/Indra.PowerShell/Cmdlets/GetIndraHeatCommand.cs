using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Get-IndraHeat: the heat of files, hottest first: of the whole vault, or of the files and folders named by
/// -Path or piped in (<c>Get-ChildItem v:\notes | Get-IndraHeat | Sort-Object Heat -Descending</c>).</summary>
/// <example><code>Get-ChildItem v:\notes | Get-IndraHeat | Sort-Object Heat -Descending</code>Ranks the files of v:\notes by heat, hottest first.</example>
/// <example><code>Get-IndraHeat -Top 10</code>The ten hottest files of the default vault.</example>
[Cmdlet(VerbsCommon.Get, "IndraHeat", DefaultParameterSetName = "Path")]
[OutputType(typeof(HeatItem))]
public sealed class GetIndraHeatCommand : IndraCmdlet
{
    /// <summary>Files or folders on an Indra drive (wildcards allowed); none: the whole vault.</summary>
    [Parameter(Position = 0, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Files or folders taken as written (bound from piped items' PSPath).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath")]
    public string[]? LiteralPath { get; set; }

    /// <summary>At most this many files per path (1 to 10000, default 100).</summary>
    [Parameter]
    [ValidateRange(1, ControlLimits.MaxListItems)]
    public int Top { get; set; } = 100;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var paths = LiteralPath ?? Path;
        if (paths is null)
        {
            Emit(VaultPath, (control, token) => control.GetHeatAsync(null, Top, token));
            return;
        }
        foreach (var target in VaultTargets.Resolve(this, paths, LiteralPath is not null, Vault))
        {
            if (TryInvoke(target.Vault, target.Display, (control, token) => control.GetHeatAsync(target.VaultPath, Top, token), out var heat)) WriteObject(heat, enumerateCollection: true);
        }
    }
}
