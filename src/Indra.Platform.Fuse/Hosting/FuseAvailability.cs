using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Errors;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Decides whether this machine can host a FUSE mount: Linux on x64 or arm64, <c>libfuse3.so.3</c> loadable and
/// reporting version 3.14 (the only ABI whose layouts this assembly binds; 3.15+ on .so.3 changed
/// <c>fuse_file_info</c>, 3.17 moved to .so.4), <c>/dev/fuse</c> present and open to this user for reading and
/// writing (libfuse, or <c>fusermount3</c> for a user who is not root, opens it to mount), and <c>fusermount3</c>
/// installed (auto_unmount mounts through it).
/// </summary>
internal static unsafe class FuseAvailability
{
    /// <summary>The only <c>fuse_version()</c> value accepted: 3.14.</summary>
    public const int SupportedVersion = 314;

    /// <summary>What to tell a user who lacks FUSE.</summary>
    public const string InstallHint = "install fuse3: apt-get install fuse3";

    private static readonly string[] FusermountDirectories = ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"];

    /// <summary>True when a mount can be attempted; otherwise <paramref name="reason"/> is one line for the user.</summary>
    public static bool Check(out string reason)
    {
        reason = string.Empty;
        if (!OperatingSystem.IsLinux())
        {
            reason = "the FUSE host runs on Linux only";
            return false;
        }
        if (!NativeStat.IsSupported(RuntimeInformation.ProcessArchitecture))
        {
            reason = $"the FUSE host has no struct layouts for {RuntimeInformation.ProcessArchitecture} (x64 and arm64 only)";
            return false;
        }
        if (!NativeLibrary.TryLoad(Libraries.Fuse, out _))
        {
            reason = $"{Libraries.Fuse} cannot be loaded; {InstallHint}";
            return false;
        }
        if (!File.Exists("/dev/fuse"))
        {
            reason = $"/dev/fuse is missing; {InstallHint} (a container also needs --device /dev/fuse)";
            return false;
        }
        if (DeviceError() is { } deviceError)
        {
            reason = deviceError;
            return false;
        }
        if (!FusermountDirectories.Any(directory => File.Exists(Path.Combine(directory, "fusermount3"))) &&
            !OnPath("fusermount3"))
        {
            reason = $"fusermount3 is missing; {InstallHint}";
            return false;
        }
        int version = LibFuse.Version();
        if (version != SupportedVersion)
        {
            string package = Marshal.PtrToStringUTF8((nint)LibFuse.PkgVersion()) ?? version.ToString();
            reason = $"libfuse {package} is installed, but the FUSE host supports libfuse 3.14 only";
            return false;
        }
        string? layoutError = LayoutSelfCheck.Verify();
        if (layoutError is not null)
        {
            reason = layoutError;
            return false;
        }
        return true;
    }

    /// <summary>
    /// Null when this process can open <c>/dev/fuse</c> for reading and writing (the descriptor is closed again at
    /// once); otherwise one line saying why. Without it libfuse's mount fails with its own message on standard
    /// error ("fusermount3: failed to open /dev/fuse: Permission denied"), which a background daemon's caller never
    /// sees. A standard system makes the device <c>crw-rw-rw-</c>; some containers leave it to root.
    /// </summary>
    private static string? DeviceError()
    {
        int descriptor;
        int errno;
        fixed (byte* path = "/dev/fuse\0"u8)
        {
            descriptor = Libc.Open(path, OpenFlags.ReadWrite | Libc.OpenCloseOnExec);
            errno = Marshal.GetLastPInvokeError();
        }
        if (descriptor >= 0)
        {
            Libc.Close(descriptor);
            return null;
        }
        string why = Marshal.GetPInvokeErrorMessage(errno);
        return ErrnoTables.Current.FromNative(errno) is Errno.EACCES or Errno.EPERM
            ? $"this user cannot open /dev/fuse ({why}): mounting needs it readable and writable by the user who mounts (crw-rw-rw-, as on a standard system)"
            : $"/dev/fuse cannot be opened: {why}";
    }

    private static bool OnPath(string program)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        return path is not null &&
            path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(directory => File.Exists(Path.Combine(directory, program)));
    }
}
