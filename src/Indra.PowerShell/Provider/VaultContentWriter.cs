using System.Collections;
using System.Management.Automation.Provider;
using System.Text;
using Indra.Control;
using Indra.PowerShell.Connection;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>
/// Set-Content and Add-Content of a vault file: each batch of values the cmdlet writes (all of <c>-Value</c>, or one
/// pipeline record) is gathered in a temporary file and written as one new version at once: the first replaces the
/// content (Set-Content) or goes after it when the cmdlet first seeks to the end (Add-Content does), later ones are
/// appended. Writing at each batch, not at close, is what lets a refusal (read-only, quota) reach the user: the cmdlets
/// close their writers while disposing and drop what a close throws. A refusal is written as the provider's error
/// record (its category from the failure's kind) and the rest of the values are dropped. A Set-Content with no values
/// at all empties the file at close. Text values are written as UTF-8 lines ("\n" after each unless -NoNewline); with
/// -AsByteStream the values are bytes or byte arrays.
/// </summary>
internal sealed class VaultContentWriter(CmdletProvider provider, string providerPath, string vaultDirectory, string vaultPath, bool bytes, bool noNewline, CancellationToken cancellation) : IContentWriter
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly FileStream _buffer = new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    private bool _closed;
    private bool _written;
    private bool _failed;
    private WriteMode _mode = WriteMode.Replace;

    public IList Write(IList content)
    {
        if (_failed) return content;
        _buffer.SetLength(0);
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
        Send();
        return content;
    }

    /// <summary>Writes the gathered batch as one version; later batches go after it.</summary>
    private void Send()
    {
        _buffer.Position = 0;
        try
        {
            ControlConnection.Run(vaultDirectory, (control, token) => control.WriteAsync(vaultPath, _buffer, _mode, token), cancellation);
            _written = true;
            _mode = WriteMode.Append;
        }
        catch (VaultControlException e)
        {
            _failed = true;
            provider.WriteError(ControlErrors.Record(e, providerPath));
        }
    }

    /// <summary>Add-Content seeks to the end: the values are then appended; any other position is refused.</summary>
    public void Seek(long offset, SeekOrigin origin)
    {
        if (offset != 0 || origin != SeekOrigin.End) throw new NotSupportedException("vault content is appended or replaced as a whole");
        _mode = WriteMode.Append;
    }

    public void Close()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            // A Set-Content without values still replaces the content (with nothing); its failure cannot be reported.
            if (!_written && !_failed && _mode == WriteMode.Replace)
            {
                _buffer.SetLength(0);
                ControlConnection.Run(vaultDirectory, (control, token) => control.WriteAsync(vaultPath, _buffer, _mode, token), cancellation);
            }
        }
        finally
        {
            _buffer.Dispose();
        }
    }

    public void Dispose() => Close();
}
