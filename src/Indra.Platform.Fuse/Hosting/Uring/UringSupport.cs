namespace Indra.Platform.Fuse.Hosting.Uring;

/// <summary>
/// Whether this kernel can serve a FUSE mount over io_uring, and the facts a ring needs: the module parameter
/// <c>/sys/module/fuse/parameters/enable_uring</c> (present with <c>CONFIG_FUSE_IO_URING</c>, Linux 6.14+; the kernel
/// offers <c>FUSE_OVER_IO_URING</c> in INIT only while it is Y) and the possible CPUs, one queue each.
/// </summary>
internal static class UringSupport
{
    /// <summary>The module parameter.</summary>
    public const string ParameterPath = "/sys/module/fuse/parameters/enable_uring";

    private const string PossiblePath = "/sys/devices/system/cpu/possible";

    /// <summary>
    /// Null when the kernel offers FUSE over io_uring now, switching the module parameter on first when
    /// <paramref name="enable"/> and it is off (root only; it applies to FUSE connections set up from then on, and a
    /// server that does not ask for the ring is not affected); otherwise why not, in one line.
    /// </summary>
    public static string? Check(bool enable)
    {
        if (!File.Exists(ParameterPath)) return "this kernel has no FUSE over io_uring (Linux 6.14+ with CONFIG_FUSE_IO_URING)";
        try
        {
            if (IsOn()) return null;
            if (!enable) return $"{ParameterPath} is N";
            File.WriteAllText(ParameterPath, "Y");
            return IsOn() ? null : $"{ParameterPath} stayed N after writing Y";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{ParameterPath} is N and cannot be switched on ({ex.Message})";
        }
    }

    /// <summary>True when the module parameter reads Y.</summary>
    public static bool IsOn() => File.Exists(ParameterPath) && File.ReadAllText(ParameterPath).Trim() == "Y";

    /// <summary>The number of possible CPUs (<c>num_possible_cpus()</c>): the highest number in
    /// <c>/sys/devices/system/cpu/possible</c> ("0-3", "0,2-5") plus one, or <see cref="Environment.ProcessorCount"/>.</summary>
    public static int PossibleCpus()
    {
        try
        {
            int highest = -1;
            foreach (var part in File.ReadAllText(PossiblePath).Trim().Split(','))
            {
                var last = part.Split('-')[^1];
                highest = Math.Max(highest, int.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
            }
            return highest >= 0 ? highest + 1 : Environment.ProcessorCount;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            return Environment.ProcessorCount;
        }
    }
}
