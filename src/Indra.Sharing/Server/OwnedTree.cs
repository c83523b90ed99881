using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Sharing.State;
using Indra.Storage.Metadata;

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

/// <summary>Reads granted files and folders out of the vault's committed metadata (staged, unflushed writes are not shared).</summary>
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
    private static List<BlockRef>? BlocksOf(Vault vault, NodeRecord node)
    {
        if (node.Size == 0) return [];
        var stored = vault.Metadata.GetLeafBlocks(node.ArtifactId);
        if (stored.Sum(b => (long)b.Size) == node.Size) return stored.OrderBy(b => b.Index).Select(b => new BlockRef(b.Hash, b.Size)).ToList();
        // Holes: only a leaf whose row is committed has its whole block list (both land in one transaction).
        var blockSize = vault.BlockSize;
        var count = (node.Size + blockSize - 1) / blockSize;
        if (count > MaxBlocksPerFile || vault.Metadata.LeafReferenceCount(node.ArtifactId) == 0 || vault.Content.IsProvisional(node.ArtifactId)) return null;
        var byIndex = stored.ToDictionary(b => b.Index);
        var blocks = new List<BlockRef>((int)count);
        for (long index = 0; index < count; index++)
        {
            var length = (int)Math.Min(blockSize, node.Size - index * blockSize);
            if (!byIndex.TryGetValue(index, out var block)) blocks.Add(ZeroBlocks.Of(length));
            else if (block.Size == length) blocks.Add(new BlockRef(block.Hash, block.Size));
            else return null;
        }
        return blocks;
    }

    /// <summary>Most entries one grant can carry.</summary>
    internal const int MaxEntries = 100_000;

    /// <summary>The node at <paramref name="vaultPath"/> (relative to /vault; "" is /vault itself), or null.</summary>
    internal static NodeRecord? Resolve(MetadataStore metadata, string vaultPath)
    {
        var node = metadata.GetNode(Vault.RootInode);
        if (vaultPath.Length == 0) return node;
        foreach (var segment in vaultPath.Split('/'))
        {
            if (node is null || node.Kind != EntryKind.Directory) return null;
            node = metadata.ListChildren(node.Inode).Where(c => c.Ref.Label == segment).Select(c => c.Node).FirstOrDefault();
        }
        return node;
    }

    /// <summary>
    /// The entries of the file or folder at <paramref name="vaultPath"/>, root first; empty when it is gone or is not
    /// shareable (<see cref="IsShared"/>). Symlinks and special files inside a shared folder are left out.
    /// </summary>
    internal static List<OwnedEntry> Collect(Vault vault, string vaultPath, string label)
    {
        var result = new List<OwnedEntry>();
        var root = Resolve(vault.Metadata, vaultPath);
        if (root is null || !IsShared(root.Kind)) return result;
        Add(vault, root, label, vaultPath, result);
        return result;
    }

    /// <summary>
    /// Only files and folders travel to peers. A symlink's target means nothing in another vault, and a FIFO, a socket
    /// or a device node is a rendezvous on this machine (its device number names this host's device), not content.
    /// </summary>
    internal static bool IsShared(EntryKind kind) => kind is EntryKind.File or EntryKind.Directory;

    /// <summary>
    /// Adds <paramref name="node"/> and what is under it. A path longer than <see cref="SharePath.MaxLength"/> is left
    /// out with everything under it: a peer refuses a manifest holding one, and it bounds the recursion to 2048
    /// levels (each adds at least "/x"), so a deep tree cannot exhaust the stack.
    /// </summary>
    private static void Add(Vault vault, NodeRecord node, string path, string vaultPath, List<OwnedEntry> result)
    {
        if (result.Count >= MaxEntries || path.Length > SharePath.MaxLength) return;
        if (node.Kind == EntryKind.Directory)
        {
            result.Add(new OwnedEntry(path, vaultPath, true, 0, node.ArtifactId, node.ModifyTimeNs, []));
            foreach (var (reference, child) in vault.Metadata.ListChildren(node.Inode))
            {
                if (!IsShared(child.Kind)) continue;
                Add(vault, child, path + "/" + reference.Label, vaultPath.Length == 0 ? reference.Label : vaultPath + "/" + reference.Label, result);
            }
            return;
        }
        var blocks = BlocksOf(vault, node);
        if (blocks is null) return;
        result.Add(new OwnedEntry(path, vaultPath, false, node.Size, node.ArtifactId, node.ModifyTimeNs, blocks));
    }
}
