using System.Runtime.InteropServices;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>The libc calls the emulator needs on Linux.</summary>
internal static partial class LibC
{
    /// <summary><c>int link(const char* oldpath, const char* newpath)</c>: 0 or -1.</summary>
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Link(string oldPath, string newPath);
}
