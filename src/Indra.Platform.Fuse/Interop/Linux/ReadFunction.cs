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
    internal static nint ReadAddress() => GlibcExport("read");

    /// <summary>The address of glibc's exported function <paramref name="name"/>, or zero when glibc or the function cannot be found.</summary>
    internal static nint GlibcExport(string name)
    {
        return NativeLibrary.TryLoad(GlibcSoname, out nint library) && NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : 0;
    }
}
