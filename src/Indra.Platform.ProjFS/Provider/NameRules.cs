using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Native;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Chooses the file-name rules the provider sorts and matches with. Over ProjectedFSLib.dll (Windows) they are the
/// native PrjFileNameCompare and PrjFileNameMatch, the functions ProjFS itself checks enumeration order with; anywhere
/// else (the emulator) the managed stand-ins. Before switching, a start-up self-check
/// (<see cref="NameRulesSelfCheck"/>) compares the native functions with the stand-ins: every disagreement is logged
/// as a warning (they are expected only for non-ASCII names, where NTFS's $UpCase table and .NET's casing differ)
/// and the native functions are used anyway, since they define the order ProjFS wants. If the native functions
/// cannot be called at all, the stand-ins stay in use and a warning says so. The choice holds for the process.
/// </summary>
internal static class NameRules
{
    private static readonly Lock Gate = new();
    private static IReadOnlyList<string>? _disagreements;

    /// <summary>Selects the rules for a mount over <paramref name="api"/>.</summary>
    public static void Select(IProjFsApi api, ProjFsLog log)
    {
        if (api is not NativeProjFsApi || !OperatingSystem.IsWindows())
        {
            return;
        }

        lock (Gate)
        {
            if (_disagreements is not null)
            {
                return;
            }

            try
            {
                _disagreements = NameRulesSelfCheck.Disagreements(NativeFileNames.Compare, NativeFileNames.Match);
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                _disagreements = [];
                log.Warn($"PrjFileNameCompare/PrjFileNameMatch cannot be called ({exception.Message}); sorting with the managed stand-ins");
                return;
            }

            foreach (var line in _disagreements)
            {
                log.Warn($"name rules self-check: {line}; using the native result");
            }

            ProjFsNameComparer.UseNative(NativeFileNames.Compare);
            ProjFsNameMatcher.UseNative(NativeFileNames.Match);
            log.Info($"sorting and matching names with PrjFileNameCompare/PrjFileNameMatch ({_disagreements.Count} disagreement(s) with the stand-ins)");
        }
    }
}
