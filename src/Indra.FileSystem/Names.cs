using System.Text;

namespace Indra.FileSystem;

/// <summary>Validation of entry names.</summary>
internal static class Names
{
    /// <summary>Longest name in bytes of UTF-8 (NAME_MAX).</summary>
    public const int MaxBytes = 255;

    /// <summary>ENAMETOOLONG over 255 bytes, EINVAL for "", ".", "..", or a name containing '/' or NUL; else None.</summary>
    public static Errno Validate(string name)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.Contains('/') || name.Contains('\0')) return Errno.EINVAL;
        if (name.Length > MaxBytes || Encoding.UTF8.GetByteCount(name) > MaxBytes) return Errno.ENAMETOOLONG;
        return Errno.None;
    }
}
