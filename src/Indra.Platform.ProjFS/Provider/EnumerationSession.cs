using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// The state of one ProjFS directory enumeration (one enumerationId), following
/// sdk-api nc-projectedfslib-prj_get_directory_enumeration_cb and projfs.md §2.6 and §9.2:
/// <list type="bullet">
/// <item>the search expression is captured on the first Get call and again on each RESTART_SCAN (a restart may bring a
/// different expression); calls in between keep the first one;</item>
/// <item>entries are added in <see cref="ProjFsNameComparer"/> order until PrjFillDirEntryBuffer reports
/// ERROR_INSUFFICIENT_BUFFER; the entry that did not fit is the first one of the next call;</item>
/// <item>S_OK with no entries added means the end; ERROR_INSUFFICIENT_BUFFER is returned only when the first entry of
/// a call does not fit.</item>
/// </list>
/// </summary>
internal sealed class EnumerationSession
{
    private readonly Func<IReadOnlyList<ProjectedEntry>?> _relist;
    private readonly Lock _gate = new();
    private IReadOnlyList<ProjectedEntry> _entries;
    private string? _expression;
    private int _cursor;
    private bool _started;

    /// <summary>Creates a session over a snapshot of the directory taken at StartDirectoryEnumeration.</summary>
    /// <param name="directoryPath">The enumerated directory (for log lines).</param>
    /// <param name="entries">The directory's entries, sorted and free of case-only duplicates.</param>
    /// <param name="relist">Takes a fresh snapshot for a restart scan after the first call (null keeps the old one).</param>
    public EnumerationSession(string directoryPath, IReadOnlyList<ProjectedEntry> entries, Func<IReadOnlyList<ProjectedEntry>?> relist)
    {
        DirectoryPath = directoryPath;
        _entries = entries;
        _relist = relist;
    }

    /// <summary>The enumerated directory.</summary>
    public string DirectoryPath { get; }

    /// <summary>Handles one GetDirectoryEnumeration call.</summary>
    /// <returns>S_OK, ERROR_INSUFFICIENT_BUFFER (the first entry did not fit), or another error from the buffer.</returns>
    public int Fill(IProjFsApi api, PrjCallbackDataFlags flags, string? searchExpression, DirEntryBufferHandle buffer)
    {
        lock (_gate)
        {
            var restart = (flags & PrjCallbackDataFlags.RestartScan) != 0;
            if (restart || !_started)
            {
                if (restart && _started)
                {
                    _entries = _relist() ?? _entries;
                }

                _started = true;
                _cursor = 0;
                _expression = string.IsNullOrEmpty(searchExpression) ? "*" : searchExpression;
            }

            var added = 0;
            while (_cursor < _entries.Count)
            {
                var entry = _entries[_cursor];
                if (!ProjFsNameMatcher.IsMatch(entry.Name, _expression))
                {
                    _cursor++;
                    continue;
                }

                var info = entry.Info;
                var hr = api.FillDirEntryBuffer(buffer, entry.Name, in info);
                if (hr == HResult.InsufficientBuffer)
                {
                    return added == 0 ? HResult.InsufficientBuffer : HResult.Ok;
                }

                if (!HResult.Succeeded(hr))
                {
                    return hr;
                }

                added++;
                _cursor++;
                if ((flags & PrjCallbackDataFlags.ReturnSingleEntry) != 0)
                {
                    break;
                }
            }

            return HResult.Ok;
        }
    }
}
