using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Lets device nodes of a mount be opened (<c>indra mount --dev</c>). libfuse mounts through fusermount3 (for
/// auto_unmount), which always mounts <c>nodev</c> and never receives a "dev" option (libfuse passes on only the
/// negative flags), so the daemon, as root, clears the per-mount flag afterwards: <c>mount(2)</c> with
/// MS_REMOUNT|MS_BIND changes only the mount point's flags, as <c>mount -o remount,bind,dev</c> does. nosuid stays.
/// </summary>
internal static unsafe class DeviceAccess
{
    /// <summary>Clears <c>nodev</c> on the mount at <paramref name="mountPoint"/>; logs one line and leaves it when it cannot.</summary>
    /// <returns>True when device nodes can now be opened.</returns>
    public static bool Allow(string mountPoint, FuseLog log)
    {
        byte* target = Utf8Names.Allocate(mountPoint);
        try
        {
            if (Libc.Mount(null, target, null, Libc.MsRemount | Libc.MsBind | Libc.MsNoSuid | Libc.MsRelatime, null) == 0)
            {
                return true;
            }
            log.Warn($"--dev: device nodes of {mountPoint} stay unopenable (nodev): remount failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())} (root only)");
            return false;
        }
        finally
        {
            NativeMemory.Free(target);
        }
    }
}
