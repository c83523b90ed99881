using System.Runtime.InteropServices;

namespace Indra.FileSystem.Interop;

internal static partial class Unix
{
    /// <summary><c>gid_t getegid(void)</c> from libc; never fails.</summary>
    [LibraryImport("libc", EntryPoint = "getegid")]
    internal static partial uint GetEffectiveGroupId();
}
