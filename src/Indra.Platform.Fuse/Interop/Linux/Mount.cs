using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>MS_NOSUID</c>: ignore set-user-ID and set-group-ID bits on exec.</summary>
    internal const ulong MsNoSuid = 2;

    /// <summary><c>MS_REMOUNT</c>: change the flags of an existing mount.</summary>
    internal const ulong MsRemount = 32;

    /// <summary><c>MS_BIND</c>: with MS_REMOUNT, change only the per-mount-point flags, not the filesystem's.</summary>
    internal const ulong MsBind = 4096;

    /// <summary><c>MS_RELATIME</c>: the default access-time policy.</summary>
    internal const ulong MsRelatime = 1 << 21;

    /// <summary><c>int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)</c>:
    /// 0, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mount", SetLastError = true)]
    internal static partial int Mount(byte* source, byte* target, byte* fileSystemType, ulong flags, void* data);
}
