using System.Runtime.InteropServices;

namespace Indra.FileSystem.Interop;

internal static partial class Unix
{
    /// <summary><c>uid_t geteuid(void)</c> from libc; never fails.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
