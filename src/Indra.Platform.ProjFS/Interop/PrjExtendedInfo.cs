using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_EXTENDED_INFO, 16 bytes on x64: InfoType (1 = symlink), NextInfoOffset, Symlink.TargetName (projfs.md §2.4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjExtendedInfo
{
    /// <summary>PRJ_EXT_INFO_TYPE at offset 0 (1 = PRJ_EXT_INFO_TYPE_SYMLINK).</summary>
    public uint InfoType;
    /// <summary>UINT32 at offset 4: offset of the next record, 0 for the last.</summary>
    public uint NextInfoOffset;
    /// <summary>PCWSTR Symlink.TargetName at offset 8.</summary>
    public char* SymlinkTargetName;
}
