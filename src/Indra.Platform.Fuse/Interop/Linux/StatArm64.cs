using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// glibc <c>struct stat</c> on aarch64 (the generic asm-generic layout): 128 bytes, mode before nlink, both 32-bit,
/// and a 32-bit blksize (reference §3.7). Selected by <see cref="Native.NativeStat"/> when the process runs on arm64.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct StatArm64
{
    /// <summary>Expected <c>sizeof(struct stat)</c>.</summary>
    public const int Size = 128;

    public ulong StDev;
    public ulong StIno;
    public uint StMode;
    public uint StNlink;
    public uint StUid;
    public uint StGid;
    public ulong StRdev;
    private readonly ulong padding1;
    public long StSize;
    public int StBlksize;
    private readonly int padding2;
    public long StBlocks;
    public Timespec StAtim;
    public Timespec StMtim;
    public Timespec StCtim;
    private fixed int reserved[2];
}
