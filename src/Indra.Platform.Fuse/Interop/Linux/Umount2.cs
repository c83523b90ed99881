using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>MNT_DETACH</c>: lazy unmount; the mount leaves the namespace now and dies with its last user.</summary>
    internal const int MntDetach = 2;

    /// <summary><c>UMOUNT_NOFOLLOW</c>: do not follow a symbolic link in the last component of the target.</summary>
    internal const int UmountNoFollow = 8;

    /// <summary><c>int umount2(const char *target, int flags)</c>: 0, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "umount2", SetLastError = true)]
    internal static partial int Umount2(byte* target, int flags);
}
