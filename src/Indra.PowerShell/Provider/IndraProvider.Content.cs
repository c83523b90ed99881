using System.Management.Automation;
using System.Management.Automation.Provider;
using Indra.Control;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>The Indra provider's content: Get-Content, Set-Content, Add-Content and Clear-Content of vault files, as
/// UTF-8 text lines or (-AsByteStream) bytes.</summary>
public sealed partial class IndraProvider
{
    /// <inheritdoc />
    public IContentReader? GetContentReader(string path)
    {
        var vaultPath = At(path);
        if (TryStat(vaultPath) is not { } item) return null;
        if (item.IsDirectory)
        {
            WriteError(ControlErrors.Record("Directory", ErrorCategory.InvalidOperation, $"{vaultPath} is a folder: Get-ChildItem lists it", path));
            return null;
        }
        var parameters = DynamicParameters as ContentReaderParameters;
        return new VaultContentReader(new VaultReadStream(Vault, vaultPath, CancellationToken.None), parameters?.AsByteStream == true, parameters?.Raw == true);
    }

    /// <inheritdoc />
    public object GetContentReaderDynamicParameters(string path) => new ContentReaderParameters();

    /// <summary>A writer that writes the values as one new version when closed; none, and an error, when the folder is
    /// missing or a read-only shared view.</summary>
    public IContentWriter? GetContentWriter(string path)
    {
        var vaultPath = At(path);
        if (TryStat(VaultPaths.Parent(vaultPath)) is not { } folder) return null;
        if (folder.ReadOnly)
        {
            WriteError(ControlErrors.Record("ReadOnly", ErrorCategory.PermissionDenied, $"cannot write {vaultPath}: peers and realms are read-only views", path));
            return null;
        }
        var parameters = DynamicParameters as ContentWriterParameters;
        return new VaultContentWriter(this, path, Vault, vaultPath, parameters?.AsByteStream == true, parameters?.NoNewline == true, CancellationToken.None);
    }

    /// <inheritdoc />
    public object GetContentWriterDynamicParameters(string path) => new ContentWriterParameters();

    /// <summary>Clear-Content: empties the file (one new, empty version). Set-Content calls it too before it writes (its
    /// writer parameters tell): then nothing is done here, as its writer replaces the content in one version.</summary>
    public void ClearContent(string path)
    {
        if (DynamicParameters is ContentWriterParameters) return;
        var vaultPath = At(path);
        if (!ShouldProcess(path, "Clear content")) return;
        Change(path, () => Call((control, token) => control.WriteAsync(vaultPath, Stream.Null, WriteMode.Replace, token)));
    }

    /// <inheritdoc />
    public object? ClearContentDynamicParameters(string path) => null;
}
