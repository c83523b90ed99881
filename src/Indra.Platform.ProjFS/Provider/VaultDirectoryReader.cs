using Indra.FileSystem;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Lists a vault directory through <see cref="IVaultFileSystem.OpenDirectory"/>/<see cref="IVaultFileSystem.ReadDirectory"/>
/// (without readdirplus, so no lookup references are taken). The vault fires navigate_to on the directory for each
/// listing.
/// </summary>
internal static class VaultDirectoryReader
{
    /// <summary>Appends every entry except "." and ".." to <paramref name="entries"/>.</summary>
    /// <returns>ENOENT, ENOTDIR, or the error of the listing.</returns>
    public static Errno List(IVaultFileSystem fileSystem, ulong directory, List<DirectoryEntry> entries)
    {
        var errno = fileSystem.OpenDirectory(directory, CallerContext.Self, out var handle);
        if (errno != Errno.None)
        {
            return errno;
        }

        try
        {
            long cookie = 0;
            while (true)
            {
                var added = 0;
                errno = fileSystem.ReadDirectory(directory, handle, cookie, plus: false, (in DirectoryEntry entry) =>
                {
                    cookie = entry.NextCookie;
                    added++;
                    if (entry.Name is not "." and not "..")
                    {
                        entries.Add(entry);
                    }

                    return true;
                });
                if (errno != Errno.None || added == 0)
                {
                    return errno;
                }
            }
        }
        finally
        {
            fileSystem.ReleaseDirectory(directory, handle);
        }
    }
}
