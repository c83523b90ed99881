using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_conn_info</c> (<c>fuse_common.h</c>, 3.14): 128 bytes, passed to the <c>init</c> callback. Any
/// <see cref="Want"/> bit outside <see cref="Capable"/> makes libfuse reply EPROTO and end the session.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseConnInfo
{
    /// <summary>Expected <c>sizeof(struct fuse_conn_info)</c>.</summary>
    public const int Size = 128;

    public uint ProtoMajor;
    public uint ProtoMinor;
    /// <summary>Largest write request in bytes.</summary>
    public uint MaxWrite;
    /// <summary>Largest read request in bytes; must equal the <c>max_read</c> mount option (0 = unset).</summary>
    public uint MaxRead;
    /// <summary>Largest readahead in bytes.</summary>
    public uint MaxReadahead;
    /// <summary>FUSE_CAP_* bits the kernel and libfuse support.</summary>
    public uint Capable;
    /// <summary>FUSE_CAP_* bits the filesystem wants (pre-filled with libfuse's defaults).</summary>
    public uint Want;
    public uint MaxBackground;
    public uint CongestionThreshold;
    /// <summary>Timestamp granularity in nanoseconds.</summary>
    public uint TimeGran;
    public fixed uint Reserved[22];
}
