using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct fuse_forget_data</c>: one element of a <c>forget_multi</c> batch; 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseForgetData
{
    /// <summary>Expected <c>sizeof(struct fuse_forget_data)</c>.</summary>
    public const int Size = 16;

    public ulong Ino;
    /// <summary>How many lookup references to drop.</summary>
    public ulong Nlookup;
}
