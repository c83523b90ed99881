namespace Indra.Platform.ProjFS.Api;

/// <summary>The Win32 FILE_ATTRIBUTE_* bits Indra puts into PRJ_FILE_BASIC_INFO.FileAttributes.</summary>
public static class FileAttributeBits
{
    /// <summary>FILE_ATTRIBUTE_READONLY.</summary>
    public const uint ReadOnly = 0x1;
    /// <summary>FILE_ATTRIBUTE_DIRECTORY (ProjFS forces it to agree with IsDirectory).</summary>
    public const uint Directory = 0x10;
    /// <summary>FILE_ATTRIBUTE_ARCHIVE.</summary>
    public const uint Archive = 0x20;
    /// <summary>FILE_ATTRIBUTE_NORMAL (valid only alone).</summary>
    public const uint Normal = 0x80;
}
