using System.Collections;
using System.Management.Automation.Provider;
using System.Text;
using Indra.Control;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>
/// Set-Content and Add-Content of a vault file: every value the cmdlet writes through this writer (all of
/// <c>-Value</c>, or every record of a pipeline) is gathered in a temporary file and written as one new version when
/// the cmdlet closes the writer: it replaces the content (Set-Content) or goes after it when the cmdlet first sought
/// to the end (Add-Content does). So a pipeline of records is one version, as one write and close on the mount is. A
/// refusal (read-only, quota) is written as the provider's error record (its category from the failure's kind) at
/// close: the cmdlets close their writers in EndProcessing, where the error reaches the pipeline (an exception thrown
/// from Close would be dropped, so none is). A Set-Content with no values at all empties the file. Text values are
/// written as UTF-8 lines ("\n" after each unless -NoNewline); with -AsByteStream the values are bytes or byte arrays.
/// </summary>
internal sealed class VaultContentWriter(CmdletProvider provider, string providerPath, string vaultDirectory, string vaultPath, bool bytes, bool noNewline, CancellationToken cancellation) : IContentWriter
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly FileStream _buffer = new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    private bool _closed;
    private WriteMode _mode = WriteMode.Replace;

    public IList Write(IList content)
    {
        foreach (var value in content)
        {
            var item = value is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : value;
            if (bytes)
            {
                switch (item)
                {
                    case byte one: _buffer.WriteByte(one); break;
                    case byte[] many: _buffer.Write(many); break;
                    default: throw new ArgumentException($"-AsByteStream takes bytes, not {item?.GetType().Name ?? "null"}");
                }
            }
            else
            {
                _buffer.Write(Utf8.GetBytes((item?.ToString() ?? "") + (noNewline ? "" : "\n")));
            }
        }
        return content;
    }

    /// <summary>Add-Content seeks to the end: the values are then appended; any other position is refused.</summary>
    public void Seek(long offset, SeekOrigin origin)
    {
        if (offset != 0 || origin != SeekOrigin.End) throw new NotSupportedException("vault content is appended or replaced as a whole");
        _mode = WriteMode.Append;
    }

    /// <summary>Writes everything gathered as one version; a refusal is written as an error record.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _buffer.Position = 0;
            ControlConnection.Run(vaultDirectory, (control, token) => control.WriteAsync(vaultPath, _buffer, _mode, token), cancellation);
        }
        catch (VaultControlException e)
        {
            provider.WriteError(ControlErrors.Record(e, providerPath));
        }
        finally
        {
            _buffer.Dispose();
        }
    }

    public void Dispose() => Close();
}
