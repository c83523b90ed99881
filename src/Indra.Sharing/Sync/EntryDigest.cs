using System.Text;
using Indra.Hashing;

namespace Indra.Sharing.Sync;

/// <summary>
/// The id a recipient names when it accepts a transfer, and the version of an offer: for a single file its leaf id
/// (BLAKE3 of its bytes); for a folder the BLAKE3 of every entry's path below the root, kind and id in path order
/// (the folder's own tree id is stable across edits, so it cannot tell versions apart). Giver and recipient compute it
/// from the same entries, so equal digests mean the same content under the same names.
/// </summary>
internal static class EntryDigest
{
    /// <summary>The digest of entries given root first as (path starting with the root's name, folder?, id).</summary>
    internal static Blake3Hash Of(IReadOnlyList<(string Path, bool IsDirectory, Blake3Hash Id)> entries)
    {
        if (entries.Count == 1 && !entries[0].IsDirectory) return entries[0].Id;
        var rootLength = entries.Count == 0 ? 0 : entries[0].Path.Length;
        var hasher = new Blake3Hasher();
        foreach (var (path, isDirectory, hash) in entries.OrderBy(e => e.Path[rootLength..], StringComparer.Ordinal))
        {
            hasher.Update(Encoding.UTF8.GetBytes(path[rootLength..] + (isDirectory ? "/\0" : "\0")));
            hasher.Update(hash.AsSpan());
        }
        return hasher.Finalize();
    }
}
