using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_lowlevel_notify_delete(se, parent, child, const char *name, size_t namelen)</c>: like inval_entry, and also tells inotify watchers.</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_lowlevel_notify_delete")]
    internal static partial int NotifyDelete(nint session, ulong parent, ulong child, byte* name, nuint nameLength);
}
