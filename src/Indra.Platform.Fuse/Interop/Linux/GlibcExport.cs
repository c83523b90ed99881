using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary>glibc by its SONAME, for looking up function addresses (<see cref="NativeLibrary.GetExport"/>).</summary>
    internal const string GlibcSoname = "libc.so.6";

    /// <summary>The address of glibc's exported function <paramref name="name"/>, or zero when glibc or the function cannot be found.</summary>
    internal static nint GlibcExport(string name)
    {
        return NativeLibrary.TryLoad(GlibcSoname, out nint library) && NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : 0;
    }
}
