using System.Diagnostics;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Errors;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Takes a mount out of the namespace so that the kernel ends the FUSE connection and the request loop returns:
/// <c>umount2(MNT_DETACH | UMOUNT_NOFOLLOW)</c> as root, <c>fusermount3 -u -z</c> otherwise. Detaching is lazy: the
/// connection ends once the last open file on the mount is closed.
/// </summary>
internal static unsafe class MountDetacher
{
    private static readonly TimeSpan FusermountTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Detaches <paramref name="mountPoint"/>; failures are logged (the caller then waits in vain and reports it).</summary>
    public static void Detach(string mountPoint, FuseLog log)
    {
        byte* path = Utf8Names.Allocate(mountPoint);
        int result;
        int errno;
        try
        {
            result = Libc.Umount2(path, Libc.MntDetach | Libc.UmountNoFollow);
            errno = Marshal.GetLastPInvokeError();
        }
        finally
        {
            NativeMemory.Free(path);
        }
        Errno? error = ErrnoTables.Current.FromNative(errno);
        if (result == 0 || error == Errno.EINVAL)
        {
            // EINVAL: not a mount point any more; someone else unmounted it first.
            return;
        }
        if (error != Errno.EPERM)
        {
            log.Warn($"umount2({mountPoint}) failed: {Marshal.GetPInvokeErrorMessage(errno)}; trying fusermount3");
        }
        RunFusermount(mountPoint, log);
    }

    private static void RunFusermount(string mountPoint, FuseLog log)
    {
        var start = new ProcessStartInfo("fusermount3")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-u", "-z", "-q", "--", mountPoint])
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("fusermount3 did not start");
            string error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(FusermountTimeout))
            {
                log.Warn($"fusermount3 -u -z {mountPoint} did not finish within {FusermountTimeout.TotalSeconds} s");
                return;
            }
            if (process.ExitCode != 0)
            {
                log.Warn($"fusermount3 -u -z {mountPoint} failed ({process.ExitCode}): {error.Trim()}");
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Warn($"cannot run fusermount3 to unmount {mountPoint}: {ex.Message}");
        }
    }
}
