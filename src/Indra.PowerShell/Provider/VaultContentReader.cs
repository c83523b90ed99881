using System.Collections;
using System.Management.Automation.Provider;
using System.Text;

namespace Indra.PowerShell.Provider;

/// <summary>Get-Content of a vault file: lines of UTF-8 text (a trailing '\r' dropped), the whole text (-Raw), single
/// bytes (-AsByteStream) or one byte array (-AsByteStream -Raw).</summary>
internal sealed class VaultContentReader : IContentReader
{
    private readonly VaultReadStream _stream;
    private readonly StreamReader _text;
    private readonly bool _bytes;
    private readonly bool _raw;
    private bool _rawDone;

    internal VaultContentReader(VaultReadStream stream, bool bytes, bool raw)
    {
        _stream = stream;
        _text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        _bytes = bytes;
        _raw = raw;
    }

    /// <summary>Up to <paramref name="readCount"/> items (all when 0 or less); an empty list at the end.</summary>
    public IList Read(long readCount)
    {
        var items = new List<object>();
        if (_raw)
        {
            if (_rawDone) return items;
            _rawDone = true;
            if (_bytes)
            {
                using var all = new MemoryStream();
                _stream.CopyTo(all);
                items.Add(all.ToArray());
            }
            else
            {
                items.Add(_text.ReadToEnd());
            }
            return items;
        }
        var buffer = new byte[1];
        while (readCount <= 0 || items.Count < readCount)
        {
            if (_bytes)
            {
                if (_stream.Read(buffer, 0, 1) == 0) break;
                items.Add(buffer[0]);
            }
            else
            {
                if (_text.ReadLine() is not { } line) break;
                items.Add(line);
            }
        }
        return items;
    }

    public void Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("vault content is read forward only");

    public void Close() => _text.Dispose();

    public void Dispose() => Close();
}
