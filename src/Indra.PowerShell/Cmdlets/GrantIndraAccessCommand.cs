using System.Management.Automation;
using Indra.Control.Model;
using Indra.Engine.Domain;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Grant-IndraAccess: shares files or folders with a paired peer; when the vault is mounted the peer sees them
/// at once (under its <c>peers\NAME</c>).</summary>
/// <example><code>Grant-IndraAccess -Path v:\notes\plan.md -Peer bob</code>Shares a file with the paired peer bob (Revocable); bob sees it under peers\NAME at once.</example>
/// <example><code>Get-ChildItem v:\photos\*.jpg | Grant-IndraAccess -Peer carol -Mode Timed -Until (Get-Date).AddDays(7)</code>Shares every photo with carol for a week.</example>
[Cmdlet(VerbsSecurity.Grant, "IndraAccess", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(GrantItem))]
public sealed class GrantIndraAccessCommand : IndraCmdlet
{
    /// <summary>Files or folders on an Indra drive (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Files or folders taken as written (bound from piped items' PSPath).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The paired peer's name.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Peer { get; set; } = "";

    /// <summary>Revocable (default), Permanent, Timed (needs -Until) or Transfer.</summary>
    [Parameter]
    public AccessMode Mode { get; set; } = AccessMode.Revocable;

    /// <summary>A Timed grant's expiry (local times are converted to UTC).</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if ((Mode == AccessMode.Timed) != Until.HasValue)
        {
            var message = Mode == AccessMode.Timed ? "-Mode Timed needs -Until" : "-Until is for -Mode Timed only";
            WriteError(ControlErrors.Record("Until", ErrorCategory.InvalidArgument, message, Until));
            return;
        }
        DateTimeOffset? until = Until is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : null;
        var literal = ParameterSetName == "LiteralPath";
        foreach (var target in VaultTargets.Resolve(this, literal ? LiteralPath : Path, literal, Vault))
        {
            if (!ShouldProcess(target.Display, $"Grant {Mode} access to {Peer}")) continue;
            if (TryInvoke(target.Vault, target.Display, (control, token) => control.ShareAsync(target.VaultPath, Peer, Mode, until, token), out var grant)) WriteObject(grant);
        }
    }
}
