namespace Indra.Platform.ProjFS.Native;

/// <summary>Decides whether ProjFS can be used and, if not, what to tell the user (projfs.md §2.1, §6.1).</summary>
internal static class ProjFsAvailability
{
    /// <summary>The reason on anything but Windows.</summary>
    public const string NotWindows = "ProjFS is Windows-only";

    /// <summary>The elevated PowerShell command that enables ProjFS.</summary>
    public const string EnableCommand = "Enable-WindowsOptionalFeature -Online -FeatureName Client-ProjFS -NoRestart";

    /// <summary>The reason when ProjectedFSLib.dll cannot be loaded.</summary>
    public const string FeatureOff =
        "ProjectedFSLib.dll could not be loaded: the Windows Projected File System (optional feature Client-ProjFS) is not enabled. "
        + "Enable it in an elevated PowerShell with: " + EnableCommand
        + " (reboot if it reports RestartNeeded: True), then mount again";

    /// <summary>The reason on Windows builds older than 1809.</summary>
    public const string TooOld = "ProjFS needs Windows 10 version 1809 (build 17763) or later";

    /// <summary>Checks the conditions in order: Windows, build 17763 or later, DLL loadable.</summary>
    /// <param name="isWindows">Whether the OS is Windows.</param>
    /// <param name="isRecentEnough">Whether the build is 17763 or later (called only on Windows).</param>
    /// <param name="canLoadLibrary">Whether ProjectedFSLib.dll loads (called only on a recent Windows).</param>
    /// <param name="reason">Empty when available.</param>
    public static bool Check(bool isWindows, Func<bool> isRecentEnough, Func<bool> canLoadLibrary, out string reason)
    {
        if (!isWindows)
        {
            reason = NotWindows;
            return false;
        }

        if (!isRecentEnough())
        {
            reason = TooOld;
            return false;
        }

        if (!canLoadLibrary())
        {
            reason = FeatureOff;
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
