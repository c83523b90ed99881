using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using Indra.Control;
using Indra.Control.Model;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>
/// The Indra provider: a vault as a PowerShell drive (<c>New-PSDrive -Name v -PSProvider Indra -Root / -Vault DIR</c>;
/// the drive <c>Indra:</c> shows the default vault when it exists). Paths are vault paths under the drive's root;
/// <c>peers\NAME</c> and <c>realms\R</c> are the read-only shared views. Every operation is one control request
/// (through the daemon when one holds the vault, else in-process). Items are <see cref="VaultItem"/> objects with a
/// <c>Vault</c> note (the vault directory) so cmdlets downstream in the pipeline know their vault.
/// </summary>
[CmdletProvider(ProviderName, ProviderCapabilities.Filter | ProviderCapabilities.ShouldProcess)]
public sealed partial class IndraProvider : NavigationCmdletProvider, IContentCmdletProvider, IPropertyCmdletProvider
{
    /// <summary>The provider's name (<c>-PSProvider Indra</c>).</summary>
    public const string ProviderName = "Indra";

    /// <summary>The default drive's name.</summary>
    public const string DefaultDriveName = "Indra";

    /// <summary>The <c>Indra:</c> drive over the default vault, when that vault exists.</summary>
    protected override Collection<PSDriveInfo> InitializeDefaultDrives()
    {
        var drives = new Collection<PSDriveInfo>();
        var directory = VaultDirectory.Resolve(null, Environment.CurrentDirectory);
        if (VaultDirectory.Exists(directory))
        {
            drives.Add(new IndraDriveInfo(new PSDriveInfo(DefaultDriveName, ProviderInfo, DefaultDriveName + ":/", "The default Indra vault (" + directory + ")", null), directory));
        }
        return drives;
    }

    /// <summary>New-PSDrive's <c>-Vault</c> parameter.</summary>
    protected override object NewDriveDynamicParameters() => new IndraDriveParameters();

    /// <summary>A drive over the vault named by <c>-Vault</c> (default: the default vault); refused when no vault is there.
    /// Its root becomes "NAME:/" (with a -Root below "/", "NAME:/ROOT"): see <see cref="VaultPaths"/>.</summary>
    protected override PSDriveInfo? NewDrive(PSDriveInfo drive)
    {
        var given = (DynamicParameters as IndraDriveParameters)?.Vault;
        var directory = VaultDirectory.Resolve(given, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        if (!VaultDirectory.Exists(directory))
        {
            WriteError(ControlErrors.Record("NoVault", ErrorCategory.ObjectNotFound, $"no vault at {directory} (run 'indra init --vault {directory}')", directory));
            return null;
        }
        var root = VaultPaths.ToProvider(drive.Name, VaultPaths.FromProvider(drive.Root ?? ""));
        return new IndraDriveInfo(new PSDriveInfo(drive.Name, drive.Provider, root, drive.Description, drive.Credential), directory);
    }

    /// <summary>The drive of the current operation, from the path's drive name (set by <see cref="At"/>) or PowerShell's context.</summary>
    private IndraDriveInfo? _drive;

    /// <summary>The vault of the current operation: its drive's, or the default vault.</summary>
    private string Vault => Drive?.VaultDirectory ?? VaultDirectory.Resolve(null, Environment.CurrentDirectory);

    private IndraDriveInfo? Drive => _drive ?? PSDriveInfo as IndraDriveInfo;

    /// <summary>The vault path of <paramref name="providerPath"/>, noting the drive it names for this operation.</summary>
    private string At(string providerPath)
    {
        if (VaultPaths.DriveName(providerPath) is { } name)
        {
            _drive = ProviderInfo.Drives.OfType<IndraDriveInfo>().FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? _drive;
        }
        return VaultPaths.FromProvider(providerPath);
    }

    /// <summary>The provider path of <paramref name="vaultPath"/> on the current drive.</summary>
    private string ProviderPath(string vaultPath) => VaultPaths.ToProvider(Drive?.Name ?? DefaultDriveName, vaultPath);

    /// <summary>Runs one control request on the current vault.</summary>
    private T Call<T>(Func<IVaultControl, CancellationToken, Task<T>> request) => ControlConnection.Run(Vault, request, CancellationToken.None);

    /// <summary>The item at <paramref name="vaultPath"/>, or null (and an error written) when the request fails.</summary>
    private VaultItem? TryStat(string vaultPath)
    {
        try
        {
            return Call((control, token) => control.StatAsync(vaultPath, token));
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, ProviderPath(vaultPath)));
            return null;
        }
    }

    /// <summary>The item at <paramref name="vaultPath"/>, or null when there is none (or the vault cannot hold its name).
    /// A vault that cannot answer (Unavailable: no vault, an invalid machine policy; Busy; PermissionDenied) is not only
    /// "no such item": its own error record (ResourceUnavailable and the one-line reason) is written, so Get-Item,
    /// Test-Path and the rest say why. PowerShell's path resolution turns an exception thrown here into "does not
    /// exist", so the record is written, not thrown. When PowerShell resolves the path while binding a command's dynamic
    /// parameters it gathers the record and fails the command with a GetDynamicParametersException carrying the
    /// record's message (category InvalidArgument, not the record's).</summary>
    private VaultItem? Find(string vaultPath)
    {
        try
        {
            return Call((control, token) => control.StatAsync(vaultPath, token));
        }
        catch (VaultControlException e) when (e.Kind is ControlErrorKind.NotFound or ControlErrorKind.InvalidArgument)
        {
            return null;
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, ProviderPath(vaultPath)));
            return null;
        }
    }

    /// <summary>Writes <paramref name="item"/> to the pipeline with its provider path and a <c>Vault</c> note.</summary>
    private void WriteVaultItem(VaultItem item)
    {
        var wrapped = PSObject.AsPSObject(item);
        if (wrapped.Properties["Vault"] is null) wrapped.Properties.Add(new PSNoteProperty("Vault", Vault));
        WriteItemObject(wrapped, ProviderPath(item.Path), item.IsDirectory);
    }

    /// <summary>Runs a changing request, writing its failure as an error record about <paramref name="providerPath"/>.</summary>
    private void Change(string providerPath, Action action)
    {
        try
        {
            action();
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, providerPath));
        }
    }
}
