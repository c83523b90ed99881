using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_lowlevel_notify_inval_entry(se, parent, const char *name, size_t namelen)</c>: never call it from the path of a related operation (deadlock).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_lowlevel_notify_inval_entry")]
    internal static partial int NotifyInvalEntry(nint session, ulong parent, byte* name, nuint nameLength);
}
