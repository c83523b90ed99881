using System.Collections;
using System.Management.Automation.Provider;
using System.Text;
using Indra.Control;
using Indra.PowerShell.Connection;

namespace Indra.PowerShell.Provider;

/// <summary>
/// Set-Content and Add-Content of a vault file: the values are gathered in a temporary file (deleted on close) and
/// written as one new version when the cmdlet closes the writer: replacing the content (Set-Content), or after it when
/// the cmdlet first seeks to the end (Add-Content does). Text values are written as UTF-8 lines ("\n" after each unless -NoNewline); with -AsByteStream the values
/// are bytes or byte arrays.
/// </summary>
internal sealed class VaultContentWriter(string vaultDirectory, string vaultPath, bool bytes, bool noNewline, CancellationToken cancellation) : IContentWriter
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

    public void Close()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _buffer.Position = 0;
            ControlConnection.Run(vaultDirectory, (control, token) => control.WriteAsync(vaultPath, _buffer, _mode, token), cancellation);
        }
        finally
        {
            _buffer.Dispose();
        }
    }

    public void Dispose() => Close();
}
