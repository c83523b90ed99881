using System.Buffers;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.Engine.Maintenance;

/// <summary>
/// <c>indra fsck</c>: re-hashes every block, walks every tree and reference, recomputes every reference count and link
/// count, and checks each leaf id against its blocks' chaining values. With repair it fixes what can be fixed (counts,
/// dangling references, orphan nodes and blocks); corrupt and missing blocks are reported with the files they damage.
/// Needs the vault exclusively (not mounted).
/// </summary>
public sealed class VaultChecker
{
    private readonly Vault _vault;
    private readonly MetadataStore _metadata;
    private readonly IBlockStore _blocks;
    private readonly Action<string>? _progress;
    private readonly List<FsckProblem> _problems = new();
    private readonly HashSet<Blake3Hash> _pending;
    private bool _repair;

    /// <summary>Creates a checker.</summary>
    /// <param name="vault">The vault (opened exclusively).</param>
    /// <param name="progress">Receives progress lines on long runs.</param>
    public VaultChecker(Vault vault, Action<string>? progress = null)
    {
        _vault = vault;
        _metadata = vault.Metadata;
        _blocks = vault.Blocks;
        _pending = vault.Metadata.ListPendingLeaves().Select(p => p.Id).ToHashSet();
        _progress = progress;
    }

    /// <summary>Blocks re-hashed by the last run.</summary>
    public long BlocksChecked { get; private set; }

    /// <summary>Bytes re-hashed by the last run.</summary>
    public long BytesChecked { get; private set; }

    /// <summary>Runs every check; with <paramref name="repair"/> fixes what can be fixed.</summary>
    /// <returns>The problems found (empty when the vault is clean).</returns>
    public IReadOnlyList<FsckProblem> Run(bool repair)
    {
        _repair = repair;
        _problems.Clear();
        var integrity = _metadata.IntegrityCheck();
        if (integrity != "ok") Report(FsckProblemKind.DatabaseCorrupt, $"SQLite integrity check: {integrity}", false);
        var nodes = _metadata.ListNodes().ToDictionary(n => n.Inode);
        var refs = _metadata.ListAllRefs();
        CheckReferences(nodes, refs);
        CheckLeaves(nodes);
        CheckBlocks(nodes);
        return _problems.ToList();
    }

    private void CheckReferences(Dictionary<long, NodeRecord> nodes, List<RefRecord> refs)
    {
        var valid = new List<RefRecord>();
        foreach (var reference in refs)
        {
            if (!nodes.TryGetValue(reference.Parent, out var parent) || parent.Kind != NodeRecord.DirectoryKind || !nodes.ContainsKey(reference.Child))
            {
                if (_repair) _metadata.DeleteRef(reference.Parent, reference.Label);
                Report(FsckProblemKind.DanglingReference, $"reference '{reference.Label}' in tree {reference.Parent} to node {reference.Child}", _repair);
                continue;
            }
            valid.Add(reference);
        }
        // Reachable: what the tree walk meets from /vault (it follows only references whose target exists, and enters
        // each tree once, so a cycle in a corrupt vault ends).
        var reached = _vault.Tree.GetNode(Vault.RootInode) is { } root ? _vault.Tree.Walk(root).Select(e => e.Node.Inode).ToHashSet() : [];
        foreach (var node in nodes.Values.Where(n => !reached.Contains(n.Inode)).ToList())
        {
            if (_repair)
            {
                _vault.Tree.Release(node.ToNode());
                nodes.Remove(node.Inode);
            }
            Report(FsckProblemKind.OrphanNode, $"node {node.Inode} ({node.Kind}) is not reachable from /vault", _repair);
        }
        var incoming = valid.Where(r => nodes.ContainsKey(r.Child)).GroupBy(r => r.Child).ToDictionary(g => g.Key, g => g.Count());
        var subdirectories = valid.Where(r => nodes.TryGetValue(r.Child, out var c) && c.Kind == NodeRecord.DirectoryKind)
            .GroupBy(r => r.Parent).ToDictionary(g => g.Key, g => g.Count());
        foreach (var node in nodes.Values)
        {
            var expected = node.Kind == NodeRecord.DirectoryKind
                ? (uint)(2 + subdirectories.GetValueOrDefault(node.Inode))
                : (uint)incoming.GetValueOrDefault(node.Inode);
            if (node.LinkCount == expected) continue;
            Report(FsckProblemKind.WrongLinkCount, $"node {node.Inode} ({Describe(node.Inode)}) has link count {node.LinkCount}, expected {expected}", _repair);
            if (_repair)
            {
                node.LinkCount = expected;
                _metadata.UpdateNode(node);
            }
        }
    }

    private void CheckLeaves(Dictionary<long, NodeRecord> nodes)
    {
        var uses = nodes.Values.Where(n => n.Kind != NodeRecord.DirectoryKind).GroupBy(n => n.ArtifactId).ToDictionary(g => g.Key, g => g.ToList());
        var leaves = _metadata.ListLeaves();
        var known = leaves.Select(l => l.Id).ToHashSet();
        foreach (var (id, users) in uses)
        {
            if (!known.Contains(id)) Report(FsckProblemKind.MissingLeaf, $"leaf {id} used by {string.Join(", ", users.Select(u => Describe(u.Inode)))} is not stored", false);
        }
        var checkedLeaves = 0;
        foreach (var leaf in leaves)
        {
            var expected = uses.TryGetValue(leaf.Id, out var users) ? users.Count : 0;
            if (leaf.RefCount != expected)
            {
                Report(FsckProblemKind.WrongLeafCount, $"leaf {leaf.Id} has reference count {leaf.RefCount}, expected {expected}", _repair);
                if (_repair)
                {
                    if (expected == 0) _metadata.DeleteLeaf(leaf.Id);
                    else _metadata.SetLeafReferenceCount(leaf.Id, expected);
                }
            }
            if (expected > 0) VerifyLeafId(leaf.Id, leaf.Size, leaf.BlockSize, users!);
            if (++checkedLeaves % 10_000 == 0) _progress?.Invoke($"fsck: leaves {checkedLeaves}/{leaves.Count}");
        }
    }

    private void VerifyLeafId(Blake3Hash id, long size, int blockSize, List<NodeRecord> users)
    {
        // A leaf whose holes are still being hashed has a provisional id; the next mount computes the real one.
        if (_pending.Contains(id)) return;
        var blocks = _metadata.GetLeafBlocks(id);
        try
        {
            var version = new LeafVersion(id, size, blocks);
            var fits = blockSize == _vault.BlockSize && blocks.All(b => b.Index < version.BlockCount(blockSize)
                && b.Size == Math.Min(blockSize, size - b.Index * blockSize) && (b.ChainingValue is not null || b.Size < blockSize || size <= blockSize));
            var computed = fits ? _vault.Content.ResolveId(version, CancellationToken.None) : default;
            if (computed != id)
                Report(FsckProblemKind.BadLeafId, $"leaf {id} ({Files(users)}) does not hash to its id from its blocks", false);
        }
        catch (Exception e) when (e is IOException or CorruptBlockException)
        {
            // A missing, short or corrupt block: reported by the block pass with the files it damages.
        }
    }

    private void CheckBlocks(Dictionary<long, NodeRecord> nodes)
    {
        var uses = _metadata.CountBlockUses();
        var rows = _metadata.ListBlocks().ToDictionary(b => b.Hash);
        foreach (var (hash, count) in uses)
        {
            if (rows.TryGetValue(hash, out var row) && row.RefCount == count) continue;
            Report(FsckProblemKind.WrongBlockCount, $"block {hash} has reference count {(rows.TryGetValue(hash, out var r) ? r.RefCount : 0)}, expected {count}", _repair);
            if (_repair) _metadata.SetBlockReferenceCount(hash, _blocks.SizeOf(hash) is var s and >= 0 ? s : 0, count);
        }
        foreach (var row in rows.Values.Where(r => !uses.ContainsKey(r.Hash)))
        {
            Report(FsckProblemKind.WrongBlockCount, $"block {row.Hash} has reference count {row.RefCount} but no leaf uses it", _repair);
            if (_repair) _metadata.DeleteBlockRow(row.Hash);
        }
        var positional = _metadata.PositionalBlocks();
        var buffer = ArrayPool<byte>.Shared.Rent(_vault.BlockSize);
        try
        {
            var total = uses.Count;
            foreach (var hash in uses.Keys)
            {
                var size = _blocks.SizeOf(hash);
                if (size < 0)
                {
                    Report(FsckProblemKind.MissingBlock, $"block {hash} is missing; damaged: {FilesUsingBlock(hash, nodes)}", false);
                    continue;
                }
                var span = buffer.AsSpan(0, (int)Math.Min(size, buffer.Length));
                int read;
                try
                {
                    read = _blocks.Read(hash, 0, span);
                }
                catch (Storage.Blocks.Sealing.BrokenSealException)
                {
                    BlocksChecked++;
                    Report(FsckProblemKind.CorruptBlock, $"block {hash} is corrupt (it {Storage.Blocks.Sealing.BrokenSealException.Reason}); damaged: {FilesUsingBlock(hash, nodes)}", false);
                    continue;
                }
                catch (Storage.Blocks.ObjectStore.ObjectCorruptException)
                {
                    // An object store checked the object against the block's name itself and refused it.
                    Report(FsckProblemKind.CorruptBlock, $"block {hash} is corrupt (its object does not hash to its name); damaged: {FilesUsingBlock(hash, nodes)}", false);
                    continue;
                }
                BlocksChecked++;
                BytesChecked += read;
                if (size > buffer.Length || !Matches(hash, span[..read], positional))
                    Report(FsckProblemKind.CorruptBlock, $"block {hash} is corrupt (its bytes do not hash to its name); damaged: {FilesUsingBlock(hash, nodes)}", false);
                if (BlocksChecked % 1000 == 0) _progress?.Invoke($"fsck: blocks {BlocksChecked}/{total} ({BytesChecked / (1 << 20)} MiB re-hashed)");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        foreach (var hash in _blocks.Enumerate())
        {
            if (uses.ContainsKey(hash)) continue;
            if (_repair) _blocks.Delete(hash);
            Report(FsckProblemKind.OrphanBlock, $"block {hash} is stored but unused", _repair);
        }
    }

    /// <summary>True when <paramref name="bytes"/> match block name <paramref name="hash"/> by the rule that named it.</summary>
    private bool Matches(Blake3Hash hash, ReadOnlySpan<byte> bytes, Dictionary<Blake3Hash, long> positional)
    {
        if (!positional.TryGetValue(hash, out var index)) return Blake3.Hash(bytes) == hash;
        var cv = new ChainingValue(hash.AsSpan());
        return BlockKeys.Matches(new LeafBlock(index, new BlockHash(hash), bytes.Length, cv), bytes, _vault.BlockSize);
    }

    private string FilesUsingBlock(Blake3Hash block, Dictionary<long, NodeRecord> nodes)
    {
        var users = nodes.Values.Where(n => n.Kind != NodeRecord.DirectoryKind && _metadata.GetLeafBlocks(n.ArtifactId).Any(b => b.Hash == block)).ToList();
        return users.Count == 0 ? "no file" : Files(users);
    }

    private string Files(IEnumerable<NodeRecord> users) => string.Join(", ", users.Select(u => Describe(u.Inode)));

    /// <summary>The vault path of a node, or "inode N".</summary>
    private string Describe(long inode)
    {
        var parts = new List<string>();
        var current = inode;
        for (var depth = 0; depth < 256 && current != Vault.RootInode; depth++)
        {
            var refs = _metadata.RefsTo(current);
            if (refs.Count == 0) return $"inode {inode}";
            parts.Add(refs[0].Label);
            current = refs[0].Parent;
        }
        parts.Add("vault");
        parts.Reverse();
        return string.Join('/', parts);
    }

    private void Report(FsckProblemKind kind, string description, bool repaired) => _problems.Add(new FsckProblem(kind, description, repaired));
}
