using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary>
    /// <c>int fuse_session_custom_io(se, io, fd)</c>: the session copies <paramref name="io"/> and from then on reads
    /// and writes <paramref name="fd"/> through it. 0, or a negative errno (EBADF, EINVAL when read or writev is null,
    /// ENOMEM).
    /// </summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_custom_io")]
    internal static partial int SessionCustomIo(nint session, FuseCustomIo* io, int fd);
}
