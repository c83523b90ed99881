using Indra.Engine.Interop;

namespace Indra.FileSystem.Virtual;

/// <summary>
/// Who may enter the /peers and /realms views: the user who mounted (the daemon's effective uid and gid) only, read-only
/// (folders 0500, files 0400). What peers share is shared with that user; a mount made with allow_other lets other
/// local users into the mount, and these modes (the kernel checks them under default_permissions) keep them out of
/// the views, as the vault's own files are kept by theirs.
/// </summary>
internal static class SharedViewAccess
{
    /// <summary>A view folder: directory, 0500.</summary>
    internal const uint FolderMode = FileModes.Directory | 0x140;

    /// <summary>A view file: regular, 0400.</summary>
    internal const uint FileMode = FileModes.Regular | 0x100;

    /// <summary>The owner of every view node: the mounting user.</summary>
    internal static uint Uid => CurrentUser.Uid;

    /// <summary>The group of every view node: the mounting user's.</summary>
    internal static uint Gid => CurrentUser.Gid;
}
