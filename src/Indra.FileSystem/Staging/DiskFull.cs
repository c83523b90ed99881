namespace Indra.FileSystem.Staging;

/// <summary>
/// Recognises a full disk (or an exhausted quota) from the OS error code an <see cref="IOException"/> carries, never
/// from its message text. On Linux and macOS .NET sets <see cref="Exception.HResult"/> of an IOException raised by a
/// failed write to the raw errno (checked on Linux with a FileStream on a full 1 MiB tmpfs: HResult 28, ENOSPC); on
/// Windows it is the HRESULT built from the Win32 error (0x8007xxxx). One case carries no code: a file created with a
/// preallocation size (<c>File.OpenHandle(..., preallocationSize)</c>, as the block store does) that does not fit is
/// reported as a plain IOException (COR_E_IO); <see cref="Is(Exception, string, long)"/> then asks the OS how much
/// room the disk has left.
/// </summary>
internal static class DiskFull
{
    private const int LinuxEnospc = 28;
    private const int LinuxEdquot = 122;
    private const int DarwinEdquot = 69;
    private const int WindowsDiskFull = 112;        // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = 39;   // ERROR_HANDLE_DISK_FULL
    private const int GenericIoError = unchecked((int)0x80131620);   // COR_E_IO: an IOException without an OS code

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

    /// <summary>
    /// True when <paramref name="exception"/> is an IOException that reports a full disk (<see cref="Is(IOException)"/>)
    /// or carries no OS code while the disk holding <paramref name="directory"/> has fewer than <paramref name="needed"/>
    /// bytes free (a failed preallocation); an AggregateException (blocks stored in parallel) when every exception in it
    /// is one of those.
    /// </summary>
    public static bool Is(Exception exception, string directory, long needed) => exception switch
    {
        IOException io => Is(io) || (io.HResult == GenericIoError && new DriveInfo(directory).AvailableFreeSpace < needed),
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(inner => Is(inner, directory, needed)),
        _ => false,
    };
}
