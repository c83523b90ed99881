using System.Management.Automation;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;
using Indra.PowerShell.Provider;

namespace Indra.PowerShell.Cmdlets;

/// <summary>One item a cmdlet's path names: its vault and vault path.</summary>
/// <param name="Vault">The vault directory.</param>
/// <param name="VaultPath">The vault path ('/'-separated, "" for the root).</param>
/// <param name="Display">The path as PowerShell shows it (for messages and ShouldProcess).</param>
internal readonly record struct VaultTarget(string Vault, string VaultPath, string Display);

/// <summary>Resolves cmdlets' <c>-Path</c> (wildcards) and <c>-LiteralPath</c> (PSPath) arguments, which must lie on an
/// Indra drive (<c>v:\notes\a.txt</c>) or be Indra provider paths (<c>Indra::/notes/a.txt</c>: the vault of
/// <c>-Vault</c>, else the default vault).</summary>
internal static class VaultTargets
{
    /// <summary>The items <paramref name="paths"/> name; an error record is written for each path that resolves to
    /// nothing or to another provider.</summary>
    internal static List<VaultTarget> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, string? vault)
    {
        var targets = new List<VaultTarget>();
        var fallback = VaultDirectory.Resolve(vault, cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        foreach (var path in paths)
        {
            try
            {
                if (literal)
                {
                    var providerPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out var drive);
                    if (Check(cmdlet, provider, path)) targets.Add(new VaultTarget(VaultOf(cmdlet, providerPath, drive, fallback), VaultPaths.FromProvider(providerPath), path));
                    continue;
                }
                foreach (var resolved in cmdlet.SessionState.Path.GetResolvedPSPathFromPSPath(path))
                {
                    if (Check(cmdlet, resolved.Provider, path)) targets.Add(new VaultTarget(VaultOf(cmdlet, resolved.ProviderPath, resolved.Drive, fallback), VaultPaths.FromProvider(resolved.ProviderPath), resolved.Path));
                }
            }
            catch (RuntimeException e)
            {
                cmdlet.WriteError(new ErrorRecord(e.ErrorRecord, e));
            }
        }
        return targets;
    }

    /// <summary>The vault of the drive a provider path names ("v:/notes"), else of PowerShell's drive, else the fallback.</summary>
    private static string VaultOf(PSCmdlet cmdlet, string providerPath, PSDriveInfo? drive, string fallback)
    {
        if (VaultPaths.DriveName(providerPath) is { } name && cmdlet.SessionState.Drive.GetAllForProvider(IndraProvider.ProviderName)
                .FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is IndraDriveInfo named)
        {
            return named.VaultDirectory;
        }
        return (drive as IndraDriveInfo)?.VaultDirectory ?? fallback;
    }

    private static bool Check(PSCmdlet cmdlet, ProviderInfo provider, string path)
    {
        if (provider.Name == IndraProvider.ProviderName) return true;
        cmdlet.WriteError(ControlErrors.Record("NotIndraPath", ErrorCategory.InvalidArgument, $"{path} is not on an Indra drive (New-PSDrive -PSProvider Indra)", path));
        return false;
    }
}
