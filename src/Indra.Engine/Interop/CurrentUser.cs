using System.Runtime.InteropServices;

namespace Indra.Engine.Interop;

/// <summary>The effective uid and gid of this process (0 on Windows).</summary>
public static partial class CurrentUser
{
    /// <summary>Effective uid.</summary>
    public static uint Uid => OperatingSystem.IsWindows() ? 0 : GetEffectiveUserId();

    /// <summary>Effective gid.</summary>
    public static uint Gid => OperatingSystem.IsWindows() ? 0 : GetEffectiveGroupId();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGroupId();
}
