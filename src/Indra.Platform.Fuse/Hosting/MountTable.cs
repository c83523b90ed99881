using System.Text;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>Reads the calling process's mount table (<c>/proc/self/mountinfo</c>).</summary>
internal static class MountTable
{
    private const string MountInfoPath = "/proc/self/mountinfo";

    /// <summary>Whether something is mounted exactly at <paramref name="path"/> (an absolute, normalised path).</summary>
    public static bool IsMountPoint(string path)
    {
        foreach (string line in File.ReadLines(MountInfoPath))
        {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": field 5 is the mount point.
            string[] fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == path)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The device number ("major:minor", field 3) of the topmost mount at <paramref name="path"/>, or null when nothing
    /// is mounted there. A FUSE mount's backing device info is <c>/sys/class/bdi/major:minor</c>.
    /// </summary>
    public static string? DeviceOf(string path)
    {
        string? device = null;
        foreach (string line in File.ReadLines(MountInfoPath))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == path)
            {
                device = fields[2];
            }
        }
        return device;
    }

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
