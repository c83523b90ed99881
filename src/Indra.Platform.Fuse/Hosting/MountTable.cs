using System.Text;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The one reader of the calling process's mount table (<c>/proc/self/mountinfo</c>, proc(5)): the FUSE host checks
/// its mount point and finds its device with it, and the CLI finds a mount to unmount.
/// </summary>
public static class MountTable
{
    private const string MountInfoPath = "/proc/self/mountinfo";

    /// <summary>One mount: where, its filesystem type (e.g. "fuse.indra") and its device number.</summary>
    /// <param name="MountPoint">The mount point, unescaped.</param>
    /// <param name="FsType">Field 9, the filesystem type.</param>
    /// <param name="Device">Field 3, "major:minor"; a FUSE mount's backing device info is <c>/sys/class/bdi/major:minor</c>.</param>
    public readonly record struct Entry(string MountPoint, string FsType, string Device)
    {
        /// <summary>The device minor number (a FUSE mount's connection id in <c>/sys/fs/fuse/connections</c>), or -1.</summary>
        public int DeviceMinor => Device.Split(':') is [_, var minor] && int.TryParse(minor, out var value) ? value : -1;
    }

    /// <summary>
    /// The topmost mount at exactly <paramref name="path"/> (made absolute, trailing separator dropped), or null when
    /// nothing is mounted there or the system has no <c>/proc/self/mountinfo</c>.
    /// </summary>
    public static Entry? Find(string path)
    {
        if (!File.Exists(MountInfoPath))
        {
            return null;
        }
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        Entry? found = null;
        foreach (string line in File.ReadLines(MountInfoPath))
        {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": field 5 is the mount point, the type
            // follows the "-" separator.
            string[] fields = line.Split(' ');
            if (fields.Length < 5 || Unescape(fields[4]) != full)
            {
                continue;
            }
            int separator = Array.IndexOf(fields, "-");
            string fsType = separator > 0 && separator + 1 < fields.Length ? fields[separator + 1] : "";
            found = new Entry(full, fsType, fields[2]);
        }
        return found;
    }

    /// <summary>Whether something is mounted exactly at <paramref name="path"/>.</summary>
    public static bool IsMountPoint(string path) => Find(path) is not null;

    /// <summary>The device number ("major:minor") of the topmost mount at <paramref name="path"/>, or null.</summary>
    public static string? DeviceOf(string path) => Find(path)?.Device;

    /// <summary>Decodes the octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) the kernel writes.</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }
        var bytes = new List<byte>(field.Length);
        byte[] raw = Encoding.UTF8.GetBytes(field);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 3 < raw.Length && IsOctal(raw[i + 1]) && IsOctal(raw[i + 2]) && IsOctal(raw[i + 3]))
            {
                bytes.Add((byte)(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(raw[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(byte value) => value is >= (byte)'0' and <= (byte)'7';
}
