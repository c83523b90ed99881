using System.Management.Automation;

namespace Indra.PowerShell.Provider;

/// <summary>An Indra drive: a PowerShell drive over one vault (mounted or not).</summary>
public sealed class IndraDriveInfo : PSDriveInfo
{
    /// <summary>Creates the drive <paramref name="drive"/> describes over the vault at <paramref name="vaultDirectory"/>.</summary>
    public IndraDriveInfo(PSDriveInfo drive, string vaultDirectory)
        : base(drive) => VaultDirectory = vaultDirectory;

    /// <summary>The vault directory (full path).</summary>
    public string VaultDirectory { get; }
}
