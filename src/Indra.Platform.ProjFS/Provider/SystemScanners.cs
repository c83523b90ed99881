namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Processes that open files on their own account (antivirus, the search indexer, SmartScreen): their opens and
/// closes are not the user's attention, so FILE_OPENED and FILE_HANDLE_CLOSED_* from them record none. Recognised by
/// the file name of the triggering process's image (PRJ_CALLBACK_DATA.TriggeringProcessImageFileName, any directory,
/// case-insensitive):
/// <list type="bullet">
/// <item>Microsoft Defender: MsMpEng.exe (the scan engine), MpDefenderCoreService.exe, NisSrv.exe (network inspection),
/// MsSense.exe and SenseIR.exe (Defender for Endpoint), MpCmdRun.exe (on-demand scans);</item>
/// <item>Windows Search: SearchIndexer.exe, SearchProtocolHost.exe, SearchFilterHost.exe (they read files to index
/// them);</item>
/// <item>smartscreen.exe (reputation checks of files being opened or run).</item>
/// </list>
/// Explorer's thumbnail and preview handlers run in dllhost.exe/prevhost.exe on behalf of the user looking at a
/// folder and are left counted.
/// </summary>
internal static class SystemScanners
{
    /// <summary>The image file names treated as system scanners.</summary>
    public static readonly IReadOnlySet<string> ImageNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "MsMpEng.exe", "MpDefenderCoreService.exe", "NisSrv.exe", "MsSense.exe", "SenseIR.exe", "MpCmdRun.exe",
        "SearchIndexer.exe", "SearchProtocolHost.exe", "SearchFilterHost.exe",
        "smartscreen.exe",
    };

    /// <summary>True when <paramref name="imageFileName"/> (a full image path or a bare name; null when unknown) is one of <see cref="ImageNames"/>.</summary>
    public static bool IsScanner(string? imageFileName)
    {
        if (string.IsNullOrEmpty(imageFileName))
        {
            return false;
        }

        var cut = imageFileName.AsSpan().LastIndexOfAny('\\', '/');
        return ImageNames.Contains(imageFileName[(cut + 1)..]);
    }
}
