namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// The host's own access to local files: the virtualization root (write-back reading full files, re-hydrating them,
/// the mount-time sweep) and the mount's state directory (dirty journal, placeholder index, conflict log). Every
/// local file operation of the host goes through one instance, so that a test can inject faults and an emulator can
/// see the host's I/O the way the ProjFS driver sees it on Windows. Paths are full local paths. Failures are thrown
/// as <see cref="IOException"/> (or a subclass such as <see cref="FileNotFoundException"/>) or
/// <see cref="UnauthorizedAccessException"/>, like System.IO does; nothing else is thrown for a filesystem refusal.
/// </summary>
public interface ILocalFiles
{
    /// <summary>Opens a file (System.IO <see cref="FileStream"/> semantics for mode, access and share).</summary>
    /// <exception cref="IOException">Missing, locked (sharing violation) or unreadable.</exception>
    /// <exception cref="UnauthorizedAccessException">Access denied.</exception>
    Stream Open(string path, FileMode mode, FileAccess access, FileShare share);

    /// <summary>The size, last write time and kind of an item, or null when nothing is there.</summary>
    LocalFileStatus? Stat(string path);

    /// <summary>The full paths of a directory's entries (files and directories), as found on disk now.</summary>
    /// <exception cref="IOException">The directory is missing or unreadable.</exception>
    IReadOnlyList<string> List(string directory);

    /// <summary>Creates a directory and its missing parents (no-op when it exists).</summary>
    void CreateDirectory(string path);

    /// <summary>Renames file <paramref name="source"/> to <paramref name="destination"/>, replacing an existing file
    /// when <paramref name="overwrite"/> is set (MoveFileEx with MOVEFILE_REPLACE_EXISTING; rename(2)).</summary>
    /// <exception cref="IOException">The destination is held open without delete sharing, or another I/O error.</exception>
    /// <exception cref="UnauthorizedAccessException">Access denied (on Windows also: the destination is in use).</exception>
    void Move(string source, string destination, bool overwrite);

    /// <summary>Deletes a file (no-op when it is missing).</summary>
    void Delete(string path);
}
