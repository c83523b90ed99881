using Indra.Engine.Content;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>
/// The two halves of a transfer done through the mount (MOUNT/vault/...) with ordinary file calls, so the kernel's
/// caches see the new and removed entries exactly as they see any program's writes.
/// </summary>
internal static class MountTransferWriter
{
    /// <summary>
    /// Writes a transferred file or folder (entries root first) into MOUNT/vault/<paramref name="folder"/>/ under a free
    /// name. It is written under a hidden temporary name and renamed into place once complete, so nobody sees (or
    /// opens) a half-written transfer.
    /// </summary>
    /// <returns>Where it landed, relative to /vault.</returns>
    internal static string Write(string mountPoint, string folder, IReadOnlyList<ReceivedEntry> entries, ContentBlocks blocks)
    {
        var vault = Path.Combine(mountPoint, "vault");
        var target = Path.Combine(vault, folder);
        if (File.Exists(target)) throw new SharingException($"/vault/{folder} exists and is not a folder: cannot receive transfers there");
        Directory.CreateDirectory(target);
        var root = entries[0];
        var staging = Path.Combine(target, $".indra-transfer-{Guid.NewGuid():N}");
        foreach (var entry in entries)
        {
            var full = staging + entry.Path[root.Path.Length..];
            if (entry.IsDirectory)
            {
                Directory.CreateDirectory(full);
                continue;
            }
            using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
            ReceivedContent.Stream(entry, blocks, entry.Path, (buffer, n) => stream.Write(buffer, 0, n));
            stream.Flush(flushToDisk: true);
        }
        for (var n = 1; ; n++)
        {
            var label = ReceivedContent.Label(root.Path, n);
            var destination = Path.Combine(target, label);
            if (File.Exists(destination) || Directory.Exists(destination)) continue;
            try
            {
                if (root.IsDirectory) Directory.Move(staging, destination);
                else File.Move(staging, destination, overwrite: false);
                return folder + "/" + label;
            }
            catch (IOException) when (File.Exists(destination) || Directory.Exists(destination))
            {
                // Taken in the meantime: try the next name.
            }
        }
    }

    /// <summary>Removes MOUNT/vault/<paramref name="vaultPath"/> and everything under it; false when already gone.</summary>
    internal static bool Remove(string mountPoint, string vaultPath)
    {
        var full = Path.Combine(mountPoint, "vault", vaultPath);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
            return true;
        }
        if (!File.Exists(full)) return false;
        File.Delete(full);
        return true;
    }
}
