using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    [LibraryImport("libc", EntryPoint = "truncate", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int TruncateNative(string path, long length);

    /// <summary>truncate(2) of the file at <paramref name="path"/> to <paramref name="length"/> bytes (its data past that is freed at once).</summary>
    /// <returns>0, or the errno.</returns>
    internal static int TruncateFile(string path, long length) => TruncateNative(path, length) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
