using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class LibFuse
{
    /// <summary><c>void fuse_session_unmount(se)</c>: closes the device fd, then unmounts unless the kernel already reported the mount gone (POLLERR).</summary>
    [LibraryImport(Libraries.Fuse, EntryPoint = "fuse_session_unmount")]
    internal static partial void SessionUnmount(nint session);
}
