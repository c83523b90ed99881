using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    /// <summary>ENOENT (errno.h).</summary>
    internal const int NoSuchFile = 2;

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    /// <summary>
    /// rename(2) of <paramref name="from"/> to <paramref name="to"/> on one file system (replacing <paramref name="to"/>
    /// atomically if it exists). Of several callers renaming the same <paramref name="from"/> at once, in one process or
    /// several, exactly one succeeds; the others get <see cref="NoSuchFile"/>. Failure is an errno, not an exception: a
    /// caller that expects a missing source often pays no exception for it.
    /// </summary>
    /// <returns>0, or the errno (<see cref="NoSuchFile"/>: <paramref name="from"/> does not exist).</returns>
    internal static int Rename(string from, string to) => RenameNative(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
