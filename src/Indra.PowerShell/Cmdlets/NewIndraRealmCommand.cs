using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>New-IndraRealm: creates a realm of paired peers.</summary>
/// <example><code>New-IndraRealm -Name family -Member bob, carol</code>Creates the realm family of the peers bob and carol.</example>
/// <example><code>New-IndraRealm team bob -WhatIf</code>Shows what would be created.</example>
[Cmdlet(VerbsCommon.New, "IndraRealm", SupportsShouldProcess = true)]
[OutputType(typeof(RealmItem))]
public sealed class NewIndraRealmCommand : IndraCmdlet
{
    /// <summary>The realm's name.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Its members: names of paired peers.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string[] Member { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name, $"Create realm of {string.Join(", ", Member)}")) return;
        Emit(Name, (control, token) => control.CreateRealmAsync(Name, Member, token));
    }
}
