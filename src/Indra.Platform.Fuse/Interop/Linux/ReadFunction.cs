using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary>glibc by its SONAME, for looking up function addresses (<see cref="NativeLibrary.GetExport"/>).</summary>
    internal const string GlibcSoname = "libc.so.6";

    /// <summary>
    /// The address of C <c>ssize_t read(int fd, void *buf, size_t count)</c>, usable directly as
    /// <see cref="FuseCustomIo.Read"/>: the extra <c>userdata</c> argument libfuse passes lands in a register
    /// <c>read</c> never looks at (x86-64 and AArch64 calling conventions), and errno is set by libc itself, which
    /// libfuse reads right after the call (ENODEV ends the session at unmount, ENOENT restarts an interrupted read).
    /// </summary>
    /// <returns>The address, or zero when glibc cannot be found.</returns>
    internal static nint ReadAddress()
    {
        return NativeLibrary.TryLoad(GlibcSoname, out nint library) && NativeLibrary.TryGetExport(library, "read", out nint address)
            ? address
            : 0;
    }
}
