namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// The emulator's own test of names Windows cannot hold (Win32 "Naming Files, Paths, and Namespaces"): empty, a
/// character below U+0020 or one of <c>&lt; &gt; : " / \ | ? *</c>, a trailing '.' or ' ', or a device name (CON,
/// PRN, AUX, NUL, COM0–9, LPT0–9, COM/LPT with ¹²³, CONIN$, CONOUT$) before the first '.'. Written independently of
/// the host's encoding so that a provider handing such a name to ProjFS is caught.
/// </summary>
internal static class WindowsNameCheck
{
    private static readonly HashSet<string> Devices = BuildDevices();

    /// <summary>Why Windows cannot hold <paramref name="name"/>, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        foreach (var c in name)
        {
            if (c < ' ' || "<>:\"/\\|?*".Contains(c, StringComparison.Ordinal))
            {
                return $"it contains U+{(int)c:X4}";
            }
        }

        if (name[^1] is '.' or ' ')
        {
            return "it ends with a dot or a space";
        }

        var stem = name.Split('.')[0].TrimEnd(' ').ToUpperInvariant();
        return Devices.Contains(stem) ? $"'{stem}' is a device name" : null;
    }

    private static HashSet<string> BuildDevices()
    {
        var devices = new HashSet<string>(StringComparer.Ordinal) { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" };
        foreach (var suffix in "0123456789\u00B9\u00B2\u00B3")
        {
            devices.Add("COM" + suffix);
            devices.Add("LPT" + suffix);
        }

        return devices;
    }
}
