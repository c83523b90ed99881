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

    /// <summary>A writer that appends the values as one new version when closed (Set-Content clears the file first).</summary>
    public IContentWriter GetContentWriter(string path)
    {
        var parameters = DynamicParameters as ContentWriterParameters;
        return new VaultContentWriter(Vault, At(path), parameters?.AsByteStream == true, parameters?.NoNewline == true, CancellationToken.None);
    }

    /// <inheritdoc />
    public object GetContentWriterDynamicParameters(string path) => new ContentWriterParameters();

    /// <summary>Empties the file (one new, empty version).</summary>
    public void ClearContent(string path)
    {
        var vaultPath = At(path);
        if (!ShouldProcess(path, "Clear content")) return;
        Change(path, () => Call((control, token) => control.WriteAsync(vaultPath, Stream.Null, WriteMode.Replace, token)));
    }

    /// <inheritdoc />
    public object? ClearContentDynamicParameters(string path) => null;
}
