using Indra.Engine.Domain;

namespace Indra.Control.Model;

/// <summary>One file, folder or special file of the vault or a shared view, as front ends show it.</summary>
/// <param name="Path">Vault path, '/'-separated, no leading '/' ("" for the root).</param>
/// <param name="Name">The last segment of <paramref name="Path"/> ("" for the root).</param>
/// <param name="Kind">File, Directory, Symlink or a special file.</param>
/// <param name="Id">The artifact id: 64 lowercase hex digits, the BLAKE3 of a file's bytes (what <c>b3sum</c> prints);
/// a folder's tree artifact id; "" while a file's id is still being computed (a file with large holes, whose
/// <c>user.indra.id</c> answers EAGAIN on the mount meanwhile).</param>
/// <param name="Size">Bytes (a folder: its entry count as stat reports it).</param>
/// <param name="Modified">Last content change, UTC.</param>
/// <param name="Mode">POSIX permission bits (07777).</param>
/// <param name="Steward">The owner: the player id (hex) of the vault holding the item, or of the peer sharing it.</param>
/// <param name="LeafType">A file's LeafType, null for a folder and for a shared view's file (its type is not shared).</param>
/// <param name="TreeType">A folder's TreeType, null for a file.</param>
/// <param name="AccessMode">Under peers/ or realms/: the grant's mode; null for the vault's own items.</param>
/// <param name="Heat">Heat now in [0, 1], as <c>user.indra.heat</c> shows it (0 when never opened; a folder: its own
/// listings' attention; 0 under peers/ and realms/).</param>
/// <param name="ReadOnly">True for shared views (peers/, realms/).</param>
/// <param name="SymlinkTarget">A symlink's target, else null.</param>
public sealed record VaultItem(
    string Path,
    string Name,
    NodeKind Kind,
    string Id,
    long Size,
    DateTimeOffset Modified,
    int Mode,
    string Steward,
    LeafType? LeafType,
    TreeType? TreeType,
    AccessMode? AccessMode,
    double Heat,
    bool ReadOnly,
    string? SymlinkTarget)
{
    /// <summary>True for a folder.</summary>
    public bool IsDirectory => Kind == NodeKind.Directory;
}
