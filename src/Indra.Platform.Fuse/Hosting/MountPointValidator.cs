using Indra.FileSystem;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Checks a mount point before libfuse sees it, so that the user gets one clear line instead of libfuse's stderr.
/// A non-empty directory is refused: the mount would hide its files (fusermount3 3.x would allow it).
/// </summary>
internal static class MountPointValidator
{
    /// <summary>Returns the absolute, normalised mount point.</summary>
    /// <exception cref="MountException">Missing, already mounted, not a directory, not empty, or unreadable.</exception>
    public static string Validate(string mountPoint)
    {
        if (string.IsNullOrWhiteSpace(mountPoint))
        {
            throw new MountException("no mount point was given");
        }
        string path = Path.GetFullPath(mountPoint);
        if (path.Length > 1)
        {
            path = Path.TrimEndingDirectorySeparator(path);
        }
        // First, because a dead FUSE mount (ENOTCONN) would otherwise look like a missing directory.
        if (MountTable.IsMountPoint(path))
        {
            throw new MountException($"{path} is already mounted");
        }
        if (File.Exists(path))
        {
            throw new MountException($"mount point {path} is not a directory");
        }
        if (!Directory.Exists(path))
        {
            throw new MountException($"mount point {path} does not exist");
        }
        try
        {
            if (Directory.EnumerateFileSystemEntries(path).Any())
            {
                throw new MountException($"mount point {path} is not empty");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MountException($"mount point {path} cannot be read: {ex.Message}", ex);
        }
        return path;
    }
}
