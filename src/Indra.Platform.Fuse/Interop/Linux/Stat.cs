using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// glibc <c>struct stat</c> on x86_64 (<c>bits/struct_stat.h</c>): 144 bytes, nlink before mode, 64-bit blksize.
/// The aarch64 layout differs (<see cref="StatArm64"/>); <see cref="Native.NativeStat"/> picks one at startup.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Stat
{
    /// <summary>Expected <c>sizeof(struct stat)</c>.</summary>
    public const int Size = 144;

    public ulong StDev;
    public ulong StIno;
    public ulong StNlink;
    public uint StMode;
    public uint StUid;
    public uint StGid;
    private readonly int padding0;
    public ulong StRdev;
    public long StSize;
    public long StBlksize;
    public long StBlocks;
    public Timespec StAtim;
    public Timespec StMtim;
    public Timespec StCtim;
    private fixed long reserved[3];
}
