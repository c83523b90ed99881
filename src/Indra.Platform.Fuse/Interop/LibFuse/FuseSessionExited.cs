using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>int fuse_session_exited(se)</c>: non-zero once the session has ended (<see cref="SessionExit"/>, or the device reported ENODEV).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_exited")]
    internal static partial int SessionExited(nint session);
}
