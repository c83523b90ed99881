using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Sharing.State;

namespace Indra.Sharing.Server;

/// <summary>One file or folder of ours under a grant, as committed in the vault's metadata.</summary>
/// <param name="Path">Path as the grantee sees it (first segment: the grant's root name).</param>
/// <param name="VaultPath">Path relative to /vault.</param>
/// <param name="IsDirectory">Folder or file.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Id">Leaf id or tree id.</param>
/// <param name="ModifiedNs">Last modification, UTC ns.</param>
/// <param name="Blocks">Files: blocks in order.</param>
internal sealed record OwnedEntry(string Path, string VaultPath, bool IsDirectory, long Size, Blake3Hash Id, long ModifiedNs, IReadOnlyList<BlockRef> Blocks);

/// <summary>What a granted node holds now: its entries, root first, and whether the grant was too large to carry whole.</summary>
/// <param name="Entries">At most <see cref="OwnedTree.MaxEntries"/> entries.</param>
/// <param name="Cut">True when entries were left out because there were more.</param>
internal sealed record OwnedCollection(List<OwnedEntry> Entries, bool Cut);

/// <summary>
/// Reads granted files and folders out of the vault's committed metadata (staged, unflushed writes are not shared),
/// starting from the granted node wherever it is now.
/// </summary>
internal static class OwnedTree
{
    /// <summary>Most blocks (holes included) a shared file may span: its manifest entry lists every one.</summary>
    internal const long MaxBlocksPerFile = 1 << 16;

    /// <summary>
    /// A file's blocks in order as a peer receives them: its stored blocks, and for each hole a block of zeros
    /// (<see cref="ZeroBlocks"/>). Null (left out until the next look) when the file's leaf is not committed whole yet,
    /// when its id is still provisional (its holes are being hashed), or when it spans more than
    /// <see cref="MaxBlocksPerFile"/> blocks.
    /// </summary>
    private static List<BlockRef>? BlocksOf(Vault vault, VaultNode node)
    {
        if (node.Size == 0) return [];
        // Only a leaf whose row is committed has its whole block list (both land in one transaction).
        var content = vault.Tree.CommittedContent(node);
        if (content is null) return null;
        if (content.StoredBytes == node.Size) return content.Blocks.Select(b => new BlockRef(b.Hash, b.Size)).ToList();
        var blockSize = vault.BlockSize;
        var count = content.BlockCount(blockSize);
        if (count > MaxBlocksPerFile) return null;
        var blocks = new List<BlockRef>((int)count);
        for (long index = 0; index < count; index++)
        {
            var length = (int)Math.Min(blockSize, node.Size - index * blockSize);
            if (!content.TryGetBlock(index, out var block)) blocks.Add(ZeroBlocks.Of(length));
            else if (block.Size == length) blocks.Add(new BlockRef(block.Hash, block.Size));
            else return null;
        }
        return blocks;
    }

    /// <summary>Most entries one grant can carry; a larger grant is cut (<see cref="OwnedCollection.Cut"/>) and reported.</summary>
    internal const int MaxEntries = 100_000;

    /// <summary>
    /// Where granted node <paramref name="inode"/> is now: the node (null when it is gone: deleted, never to come back,
    /// as inode numbers are never reused) and its path relative to /vault (null when gone or no longer in the tree).
    /// </summary>
    internal static (VaultNode? Node, string? Path) Locate(Vault vault, long inode)
    {
        var node = vault.Tree.GetNode(inode);
        return node is null ? (null, null) : (node, vault.Tree.PathOf(inode));
    }

    /// <summary>The name a grant of the node at <paramref name="vaultPath"/> shows under: its own name ("vault" for /vault).</summary>
    internal static string LabelOf(string vaultPath) => vaultPath.Length == 0 ? "vault" : SharePath.Name(vaultPath);

    /// <summary>
    /// The entries of the granted file or folder <paramref name="root"/> (now at <paramref name="vaultPath"/>), root
    /// first, shown under <paramref name="label"/>; empty when it is not shareable (<see cref="IsShared"/>). Symlinks
    /// and special files inside a shared folder are left out. At most <paramref name="maxEntries"/> entries: the rest of
    /// a larger folder is left out and the result says it was cut.
    /// </summary>
    internal static OwnedCollection Collect(Vault vault, VaultNode root, string vaultPath, string label, int maxEntries = MaxEntries)
    {
        var result = new List<OwnedEntry>();
        if (!IsShared(root.Kind)) return new OwnedCollection(result, false);
        // A path longer than SharePath.MaxLength is left out with everything under it: a peer refuses a manifest
        // holding one. Symlinks and special files are left out (IsShared).
        string PathOf(WalkEntry e) => e.Path.Length == 0 ? label : label + "/" + e.Path;
        foreach (var entry in vault.Tree.Walk(root, e => PathOf(e).Length <= SharePath.MaxLength))
        {
            var node = entry.Node;
            var path = PathOf(entry);
            if (!IsShared(node.Kind) || path.Length > SharePath.MaxLength) continue;
            if (result.Count >= maxEntries) return new OwnedCollection(result, true);
            var inVault = entry.Path.Length == 0 ? vaultPath : vaultPath.Length == 0 ? entry.Path : vaultPath + "/" + entry.Path;
            if (node.IsTree)
            {
                result.Add(new OwnedEntry(path, inVault, true, 0, node.ArtifactId.Hash, node.ModifyTimeNs, []));
                continue;
            }
            var blocks = BlocksOf(vault, node);
            if (blocks is not null) result.Add(new OwnedEntry(path, inVault, false, node.Size, node.ArtifactId.Hash, node.ModifyTimeNs, blocks));
        }
        return new OwnedCollection(result, false);
    }

    /// <summary>
    /// Only files and folders travel to peers. A symlink's target means nothing in another vault, and a FIFO, a socket
    /// or a device node is a rendezvous on this machine (its device number names this host's device), not content.
    /// </summary>
    internal static bool IsShared(NodeKind kind) => kind is NodeKind.File or NodeKind.Directory;
}
