namespace Indra.Cli.Hosting;

/// <summary>Reads the kernel's mount table (<c>/proc/self/mountinfo</c>).</summary>
internal static class MountTable
{
    /// <summary>One mount: where, what type ("fuse.indra"), and the FUSE connection id (the device minor) when it is one.</summary>
    internal readonly record struct Entry(string MountPoint, string FsType, int DeviceMinor);

    /// <summary>The mount at exactly <paramref name="path"/>, if any.</summary>
    internal static Entry? Find(string path)
    {
        if (!File.Exists("/proc/self/mountinfo")) return null;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        Entry? found = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var parts = line.Split(' ');
            if (parts.Length < 10) continue;
            var mountPoint = Unescape(parts[4]);
            if (mountPoint != full) continue;
            var separator = Array.IndexOf(parts, "-");
            var fsType = separator > 0 && separator + 1 < parts.Length ? parts[separator + 1] : "";
            var device = parts[2].Split(':');
            var minor = device.Length == 2 && int.TryParse(device[1], out var m) ? m : -1;
            found = new Entry(mountPoint, fsType, minor);
        }
        return found;
    }

    /// <summary>Mount points in mountinfo escape space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string value) =>
        value.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
             .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
