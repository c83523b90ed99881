using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_entry_param</c> with the x86_64 <see cref="Stat"/>: 176 bytes. <c>ino == 0</c> in a lookup reply is
/// a negative entry cached for <see cref="EntryTimeout"/> (<c>fuse_lowlevel.h</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseEntryParam
{
    /// <summary>Expected size on x86_64.</summary>
    public const int Size = 176;

    /// <summary>Node id the kernel uses in later requests (the vault's inode number).</summary>
    public ulong Ino;
    /// <summary>Generation of <see cref="Ino"/>.</summary>
    public ulong Generation;
    /// <summary>Attributes; must be correct even with a zero attribute timeout.</summary>
    public Stat Attr;
    /// <summary>Attribute validity in seconds.</summary>
    public double AttrTimeout;
    /// <summary>Name validity in seconds.</summary>
    public double EntryTimeout;
}
