using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct fuse_entry_param</c> with the aarch64 <see cref="StatArm64"/>: 160 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseEntryParamArm64
{
    /// <summary>Expected size on aarch64.</summary>
    public const int Size = 160;

    /// <summary>Node id.</summary>
    public ulong Ino;
    /// <summary>Generation of <see cref="Ino"/>.</summary>
    public ulong Generation;
    /// <summary>Attributes.</summary>
    public StatArm64 Attr;
    /// <summary>Attribute validity in seconds.</summary>
    public double AttrTimeout;
    /// <summary>Name validity in seconds.</summary>
    public double EntryTimeout;
}
