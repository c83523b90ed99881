namespace Indra.Storage;

/// <summary>
/// Files and folders that only their owner may use: files 0600, folders 0700, given at creation (the mode argument of
/// open(2) and mkdir(2), which the umask can only narrow) rather than changed afterwards, so that no other local user
/// ever sees them open. Calls on an existing file or folder leave its mode alone. On Windows the ACL inherited from the
/// parent folder applies and nothing here changes it.
/// </summary>
internal static class OwnerOnly
{
    /// <summary>0600: read and write for the owner.</summary>
    internal const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: read, write and search for the owner.</summary>
    internal const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The permission bits a group member or any other user may hold (0077).</summary>
    internal const UnixFileMode OthersMask =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents, with the umask's mode) as a 0700 folder; an existing folder is left as it is.</summary>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be created.</exception>
    internal static DirectoryInfo CreateFolder(string path) =>
        OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, FolderPermissions);

    /// <summary>
    /// Options that open a file's stream with <paramref name="mode"/>, creating the file 0600 when
    /// <paramref name="mode"/> creates it (<see cref="FileMode.Open"/> and <see cref="FileMode.Truncate"/> never do).
    /// </summary>
    /// <param name="mode">How to open.</param>
    /// <param name="access">Read, write or both.</param>
    /// <param name="share">What other opens of the file may do meanwhile.</param>
    internal static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows() && mode is not (FileMode.Open or FileMode.Truncate)) options.UnixCreateMode = FilePermissions;
        return options;
    }

    /// <summary>Creates <paramref name="path"/> empty and 0600 when it does not exist; an existing file is left as it is.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be created.</exception>
    internal static void CreateFile(string path)
    {
        using var created = new FileStream(path, Options(FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
    }

    /// <summary>
    /// Takes every group and other permission off the folder <paramref name="path"/> (chmod to 0700 keeping the
    /// owner's bits) when it has any.
    /// </summary>
    /// <returns>The mode it had when it was changed, or null when it was already owner-only (or on Windows).</returns>
    /// <exception cref="IOException">The mode cannot be read or changed (not the owner, say).</exception>
    /// <exception cref="UnauthorizedAccessException">The mode cannot be changed.</exception>
    internal static UnixFileMode? Tighten(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        var mode = File.GetUnixFileMode(path);
        if ((mode & OthersMask) == 0) return null;
        File.SetUnixFileMode(path, mode & ~OthersMask);
        return mode;
    }

    /// <summary>The permission bits of <paramref name="mode"/> in octal as chmod takes them ("0644").</summary>
    internal static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');
}
