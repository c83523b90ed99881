using Indra.Engine.Content;
using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Virtual;
using Indra.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem;

/// <summary>
/// The vault filesystem over an open <see cref="Vault"/>: inode table, handles, write staging, the generated /.indra
/// files, the read-only /peers and /realms folders and extended attributes, with POSIX semantics returned as
/// <see cref="Errno"/> values (see <see cref="IVaultFileSystem"/>). Thread-safe: namespace changes are serialized by
/// one lock, content operations by a lock per inode, and reads of committed content run in parallel.
/// </summary>
public sealed partial class VaultFileSystem : IVaultFileSystem
{
    /// <summary>Loaded inodes beyond which idle ones are evicted.</summary>
    private const int CacheSoftLimit = 200_000;

    private readonly Vault _vault;
    private readonly MetadataStore _metadata;
    private readonly object _tree = new();
    private readonly Dictionary<long, Inode> _inodes = new();
    private readonly HandleTable _handles = new();
    private readonly MetaFileGenerator _metaFiles;
    private readonly Action<string> _log;
    private readonly LeafIdResolver _ids;
    private IInvalidationSink? _invalidation;
    private int _trimAt = CacheSoftLimit;

    /// <summary>Creates the filesystem over <paramref name="vault"/>, which stays owned by the caller.</summary>
    /// <param name="vault">The open vault.</param>
    /// <param name="log">Where problems are reported (one warning each); a logger of the vault's <see cref="Vault.Loggers"/> when null.</param>
    public VaultFileSystem(Vault vault, ILogger? log = null)
    {
        _vault = vault;
        _metadata = vault.Metadata;
        _metaFiles = new MetaFileGenerator(vault);
        var logger = log ?? vault.Loggers.CreateLogger<VaultFileSystem>();
        _log = line => logger.LogWarning("{Message}", line);
        _ids = new LeafIdResolver(vault.Content, _metadata, OnIdResolved, vault.Loggers.CreateLogger<LeafIdResolver>());
        _ids.ResumeRecorded();
    }

    /// <summary>The vault this filesystem serves.</summary>
    public Vault Vault => _vault;

    /// <inheritdoc/>
    public void SetInvalidationSink(IInvalidationSink? sink) => _invalidation = sink;

    /// <summary>Tells the platform host that a node changed underneath it (peer sync, CLI edits).</summary>
    internal void NotifyChanged(ulong inode) => _invalidation?.InvalidateInode(inode);

    /// <inheritdoc/>
    public void Dispose()
    {
        _ids.Dispose();
        FlushAll();
        _metadata.FlushDeferred();
        lock (_tree)
        {
            foreach (var node in _inodes.Values)
            {
                node.Staged?.Dispose();
                node.Staged = null;
            }
            _inodes.Clear();
        }
    }

    /// <summary>
    /// A version saved with a provisional id got its real one (<see cref="LeafIdResolver"/>): loaded nodes holding
    /// it move to the real id at once, and the metadata (nodes, leaf, block list) in the next queued transaction.
    /// </summary>
    private void OnIdResolved(Indra.Hashing.Blake3Hash provisional, LeafVersion resolved)
    {
        lock (_tree)
        {
            foreach (var node in _inodes.Values)
            {
                if (node.Record.ArtifactId != provisional) continue;
                var record = node.Record.Clone();
                record.ArtifactId = resolved.Id;
                node.Record = record;
                node.Content = resolved;
                if (node.PageCacheId == provisional) node.PageCacheId = resolved.Id;
                _metadata.DeferNodeUpdate(record);
            }
            _metadata.Defer(() =>
            {
                var dead = _metadata.RekeyLeaf(provisional, resolved.Id);
                if (dead.Count > 0) _metadata.AfterCommit(() => _vault.Content.DeleteUnreferenced(dead));
            });
        }
        _vault.Content.ForgetProvisional(provisional);
    }

    /// <summary>The loaded inode for a vault node number, loading it from the metadata store if needed. Caller holds <see cref="_tree"/>.</summary>
    private Inode? Load(long number)
    {
        if (_inodes.TryGetValue(number, out var node)) return node;
        var record = _metadata.GetNode(number);
        if (record is null) return null;
        node = new Inode(record);
        _inodes[number] = node;
        return node;
    }

    /// <summary>Loads a vault node for an inode number from the host (outside the reserved and virtual ranges).</summary>
    private Inode? LoadVaultNode(ulong inode)
    {
        if (inode < ReservedInodes.Vault || inode >= ReservedInodes.FirstVirtual || VirtualTree.IsVirtual(inode)) return null;
        lock (_tree)
        {
            return Load((long)inode);
        }
    }

    /// <summary>The index of a directory's references, loading them with their nodes in one query. Caller holds <see cref="_tree"/>.</summary>
    private DirectoryIndex ChildrenOf(Inode directory)
    {
        if (directory.Children is not null) return directory.Children;
        var index = new DirectoryIndex();
        foreach (var (reference, record) in _metadata.ListChildren(directory.Number))
        {
            index.Add(reference.Label, reference.Position, reference.Child);
            if (!_inodes.TryGetValue(record.Inode, out var child))
            {
                child = new Inode(record);
                _inodes[record.Inode] = child;
            }
            if (child.Parent == 0)
            {
                child.Parent = directory.Number;
                child.Name = reference.Label;
            }
        }
        directory.Children = index;
        return index;
    }

    /// <summary>Drops idle inodes when the cache is large. Caller holds <see cref="_tree"/>.</summary>
    private void TrimCache()
    {
        // A scan happens only when the cache has grown a quarter of the limit past the last trim, so a flood of forgets
        // for inodes that cannot be evicted (still looked up or open) costs nothing per forget.
        if (_inodes.Count < _trimAt) return;
        var victims = _inodes.Values.Where(n => n.IsIdle && n.Number != Vault.RootInode && n.Kind != EntryKind.Directory).Take(CacheSoftLimit / 4).ToList();
        foreach (var victim in victims)
        {
            _inodes.Remove(victim.Number);
            if (victim.Parent != 0 && _inodes.TryGetValue(victim.Parent, out var parent) && parent.LookupCount <= 0 && parent.OpenCount <= 0) parent.Children = null;
        }
        _trimAt = Math.Max(CacheSoftLimit, _inodes.Count + CacheSoftLimit / 4);
    }

    /// <summary>Deletes an unlinked node once nothing refers to it any more. Caller holds <see cref="_tree"/>.</summary>
    private void ReapIfDead(Inode node)
    {
        if (!node.Unlinked || node.LookupCount > 0 || node.OpenCount > 0) return;
        node.Staged?.Dispose();
        node.Staged = null;
        _inodes.Remove(node.Number);
        var record = node.Record;
        _metadata.Defer(() =>
        {
            // Queued like the unlink that led here; the blocks it frees go once that transaction has committed.
            var dead = record.Kind == EntryKind.Directory ? new List<Indra.Hashing.Blake3Hash>() : _metadata.ReleaseLeaf(record.ArtifactId);
            _metadata.DeleteNode(record.Inode);
            if (dead.Count > 0) _metadata.AfterCommit(() => _vault.Content.DeleteUnreferenced(dead));
        });
    }

    private static long Now() => Vault.NowNs();

    private Errno Fail(Exception e, string what)
    {
        _log($"{what}: {e.GetType().Name}: {e.Message}");
        return Errno.EIO;
    }
}
