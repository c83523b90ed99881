namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Widens the kernel's read-ahead window of a mount (<c>/sys/class/bdi/MAJOR:MINOR/read_ahead_kb</c>). The FUSE INIT
/// reply cannot raise it above the 128 KiB the kernel offers (<c>max_readahead</c> is only ever lowered), so a cold
/// sequential read otherwise arrives as 256 KiB READ requests: four round trips per 1 MiB vault block. With the window
/// at the largest request size, one READ carries a whole block.
/// </summary>
internal static class ReadAheadWindow
{
    private const string BdiRoot = "/sys/class/bdi";

    /// <summary>
    /// Sets the window of the mount at <paramref name="mountPoint"/> to <paramref name="bytes"/> unless it is already
    /// at least that wide. Only root may write the attribute: for anyone else it logs one line at information level,
    /// and if the mount is not found or the attribute cannot be read or written one warning, and leaves the kernel's
    /// default.
    /// </summary>
    /// <returns>The window in effect afterwards, in KiB, or null when it could not be read.</returns>
    public static int? Widen(string mountPoint, uint bytes, FuseLog log)
    {
        string? device = MountTable.DeviceOf(mountPoint);
        if (device is null)
        {
            log.Warn($"read-ahead of {mountPoint} left at the kernel default: the mount is not in /proc/self/mountinfo");
            return null;
        }
        string attribute = Path.Combine(BdiRoot, device, "read_ahead_kb");
        int wanted = checked((int)(bytes / 1024));
        try
        {
            int current = int.Parse(File.ReadAllText(attribute).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (current >= wanted)
            {
                return current;
            }
            File.WriteAllText(attribute, wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return wanted;
        }
        catch (UnauthorizedAccessException)
        {
            // The normal case for a user who is not root: nothing is wrong, reads just come in smaller requests.
            log.Info($"read-ahead of {mountPoint} left at the kernel default: only root may widen it ({attribute})");
            return null;
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            log.Warn($"read-ahead of {mountPoint} left at the kernel default ({attribute}: {ex.Message.ReplaceLineEndings(" ")})");
            return null;
        }
    }
}
