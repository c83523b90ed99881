using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_args</c> (<c>fuse_opt.h</c>): 24 bytes. <c>fuse_session_new</c> replaces <see cref="Argv"/> with a
/// libfuse-allocated copy (<see cref="Allocated"/> = 1) that must be released with <c>fuse_opt_free_args</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseArgs
{
    /// <summary>Expected <c>sizeof(struct fuse_args)</c>.</summary>
    public const int Size = 24;

    public int Argc;
    /// <summary>NULL-terminated vector of NUL-terminated strings.</summary>
    public byte** Argv;
    /// <summary>Non-zero when <see cref="Argv"/> belongs to libfuse.</summary>
    public int Allocated;
}
