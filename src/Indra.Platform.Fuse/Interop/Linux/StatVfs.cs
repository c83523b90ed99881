using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// glibc <c>struct statvfs</c> on 64-bit Linux: eleven 8-byte fields then <c>int __f_spare[6]</c>, 112 bytes.
/// libfuse's <c>convert_statfs</c> reads bsize, frsize, blocks, bfree, bavail, files, ffree and namemax.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct StatVfs
{
    /// <summary>Expected <c>sizeof(struct statvfs)</c>.</summary>
    public const int Size = 112;

    public ulong FBsize;
    public ulong FFrsize;
    public ulong FBlocks;
    public ulong FBfree;
    public ulong FBavail;
    public ulong FFiles;
    public ulong FFfree;
    public ulong FFavail;
    public ulong FFsid;
    public ulong FFlag;
    public ulong FNamemax;
    private fixed int spare[6];
}
