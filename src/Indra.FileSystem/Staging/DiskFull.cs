namespace Indra.FileSystem.Staging;

/// <summary>
/// Recognises a full disk (or an exhausted quota) from the OS error code an <see cref="IOException"/> carries, never
/// from its message text. On Linux and macOS .NET sets <see cref="Exception.HResult"/> of an IOException raised by a
/// failed write to the raw errno (checked on Linux with a FileStream on a full 1 MiB tmpfs: HResult 28, ENOSPC); on
/// Windows it is the HRESULT built from the Win32 error (0x8007xxxx).
/// </summary>
internal static class DiskFull
{
    private const int LinuxEnospc = 28;
    private const int LinuxEdquot = 122;
    private const int DarwinEdquot = 69;
    private const int WindowsDiskFull = 112;        // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = 39;   // ERROR_HANDLE_DISK_FULL

    /// <summary>True when <paramref name="exception"/> reports no space left on the device or quota exceeded.</summary>
    public static bool Is(IOException exception)
    {
        var code = exception.HResult;
        if (OperatingSystem.IsWindows())
        {
            return (code & unchecked((int)0xFFFF0000)) == unchecked((int)0x80070000) && (code & 0xFFFF) is WindowsDiskFull or WindowsHandleDiskFull;
        }
        if (OperatingSystem.IsMacOS()) return code is LinuxEnospc or DarwinEdquot;
        return code is LinuxEnospc or LinuxEdquot;
    }
}
