using Indra.FileSystem;

namespace Indra.Platform.Fuse.Errors;

/// <summary>
/// <see cref="Errno"/> to and from the numbers of the platform the host runs on: <see cref="DarwinErrno"/> when
/// <see cref="OperatingSystem.IsMacOS"/>, <see cref="LinuxErrno"/> otherwise. Used wherever an errno goes to libfuse
/// or the kernel, and wherever one comes back from a native call.
/// </summary>
internal static class NativeErrno
{
    /// <summary>The platform's positive number for <paramref name="errno"/>; 0 for <see cref="Errno.None"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errno"/> is not a member of the enum.</exception>
    public static int ToNative(Errno errno) =>
        OperatingSystem.IsMacOS() ? DarwinErrno.ToNative(errno) : LinuxErrno.ToNative(errno);

    /// <summary>
    /// The member for the platform's <paramref name="number"/> (positive, as <c>errno</c> holds it; negate libfuse's
    /// <c>-errno</c> results first), or null for a number the enum does not name.
    /// </summary>
    public static Errno? FromNative(int number) =>
        OperatingSystem.IsMacOS() ? DarwinErrno.FromNative(number) : LinuxErrno.FromNative(number);
}
