using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_FILE_BASIC_INFO, 56 bytes on x64 (projfs.md §2.4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PrjFileBasicInfo
{
    /// <summary>BOOLEAN (1 byte) at offset 0.</summary>
    public byte IsDirectory;
    /// <summary>INT64 at offset 8.</summary>
    public long FileSize;
    /// <summary>FILETIME at offset 16.</summary>
    public long CreationTime;
    /// <summary>FILETIME at offset 24.</summary>
    public long LastAccessTime;
    /// <summary>FILETIME at offset 32.</summary>
    public long LastWriteTime;
    /// <summary>FILETIME at offset 40.</summary>
    public long ChangeTime;
    /// <summary>UINT32 FILE_ATTRIBUTE_* at offset 48.</summary>
    public uint FileAttributes;
}
