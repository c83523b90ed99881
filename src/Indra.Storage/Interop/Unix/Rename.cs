using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    /// <summary>ENOENT (errno.h).</summary>
    internal const int NoSuchFile = 2;

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    /// <summary>
    /// rename(2) of <paramref name="from"/> to <paramref name="to"/> (replacing it, atomically, if it exists), reporting
    /// failure as an errno instead of an exception: a caller that expects the source to be missing often (a block
    /// kept in the database has no file) pays no exception for it.
    /// </summary>
    /// <returns>0, or the errno (<see cref="NoSuchFile"/>: <paramref name="from"/> does not exist).</returns>
    internal static int Rename(string from, string to) => RenameNative(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
