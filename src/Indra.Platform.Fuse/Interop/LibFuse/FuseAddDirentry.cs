using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>size_t fuse_add_direntry(req, char *buf, size_t bufsize, const char *name, const struct stat *stbuf, off_t off)</c>: the space the entry needs; nothing is written when that exceeds <paramref name="bufferSize"/>.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_add_direntry")]
    internal static partial nuint AddDirentry(nint req, byte* buffer, nuint bufferSize, byte* name, void* stat, long nextOffset);
}
