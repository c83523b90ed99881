namespace Indra.FileSystem;

/// <summary>Validation of entry names.</summary>
internal static class Names
{
    /// <summary>Longest name in bytes (NAME_MAX).</summary>
    public const int MaxBytes = 255;

    /// <summary>ENAMETOOLONG over 255 bytes, EINVAL for "", ".", "..", or a name containing '/' or NUL; else None.</summary>
    public static Errno Validate(string name)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.Contains('/') || name.Contains('\0')) return Errno.EINVAL;
        if (name.Length > MaxBytes || NameBytes.ByteCount(name) > MaxBytes) return Errno.ENAMETOOLONG;
        return Errno.None;
    }
}
