using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>size_t fuse_add_direntry_plus(req, char *buf, size_t bufsize, const char *name, const struct fuse_entry_param *e, off_t off)</c>: like fuse_add_direntry; a sent entry other than . and .. adds one lookup count.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_add_direntry_plus")]
    internal static partial nuint AddDirentryPlus(nint req, byte* buffer, nuint bufferSize, byte* name, void* entry, long nextOffset);
}
