using Indra.Engine.Domain;

namespace Indra.FileSystem.Virtual;

/// <summary>
/// The versions (artifact ids) the open handles of each shared-view inode pin, counted per handle. The kernel's page
/// cache is one per inode: pages one handle read are served to every other handle of the inode, so only handles of
/// one version may go through it at a time. An open whose version differs from one already open bypasses the page
/// cache (FUSE <c>direct_io</c>) and so neither reads nor leaves pages of the other version. Thread-safe.
/// </summary>
internal sealed class OpenSharedVersions
{
    private readonly Dictionary<ulong, Dictionary<ArtifactId, int>> _open = new();

    /// <summary>
    /// Counts one more handle of <paramref name="inode"/> pinning <paramref name="version"/>; returns true when it must
    /// bypass the page cache (another handle of the inode pins another version).
    /// </summary>
    public bool Add(ulong inode, ArtifactId version)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(inode, out var versions)) _open[inode] = versions = new Dictionary<ArtifactId, int>();
            var bypass = versions.Keys.Any(v => v != version);
            versions[version] = versions.GetValueOrDefault(version) + 1;
            return bypass;
        }
    }

    /// <summary>Counts one handle of <paramref name="inode"/> pinning <paramref name="version"/> less (at release).</summary>
    public void Remove(ulong inode, ArtifactId version)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(inode, out var versions) || !versions.TryGetValue(version, out var count)) return;
            if (count > 1) versions[version] = count - 1;
            else if (versions.Remove(version) && versions.Count == 0) _open.Remove(inode);
        }
    }

}
