using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Vaults;

/// <summary>
/// The vault's tree of nodes and references, and the operations that change it: the one place every layer above the
/// stores reads and edits the tree (resolve a path, look up a label, list and walk trees, add, replace, remove and
/// rename references, create, update and delete nodes, extended attributes, saving and releasing leaf versions).
/// </summary>
/// <remarks>
/// Reads see every write queued before them (<see cref="Defer(long, Action)"/>). Writes apply at once; call them inside
/// <see cref="InTransaction(Action)"/>, <see cref="CommitDurably"/> or <see cref="Defer(long, Action)"/> to group them, as the
/// methods that change several rows do themselves. Inode numbers are never reused. Labels are compared ordinally
/// (the vault is case-sensitive). Nothing here checks POSIX permissions: that is the filesystem layer's job.
/// </remarks>
public sealed class VaultTree
{
    private readonly MetadataStore _metadata;
    private readonly ContentStore? _content;
    private readonly int _blockSize;
    private readonly TimeProvider _clock;

    /// <summary>
    /// A tree over <paramref name="metadata"/>; <paramref name="content"/> is null for a read-only view
    /// (<see cref="VaultReader"/>), whose leaf operations throw. Nodes it creates are stamped by <paramref name="clock"/>
    /// (the vault's <see cref="Vault.Clock"/>).
    /// </summary>
    internal VaultTree(MetadataStore metadata, ContentStore? content, int blockSize, TimeProvider clock)
    {
        _metadata = metadata;
        _content = content;
        _blockSize = blockSize;
        _clock = clock;
    }

    /// <summary>The inode of the player's root tree (/vault).</summary>
    public const long RootInode = Vault.RootInode;

    // ---- transactions -------------------------------------------------------------------------------------------

    /// <summary>Runs <paramref name="work"/> in one metadata transaction (nested calls join the outer one); rolls back if it throws.</summary>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public T InTransaction<T>(Func<T> work) => _metadata.InTransaction(work);

    /// <summary>Runs <paramref name="work"/> in one metadata transaction; rolls back if it throws.</summary>
    public void InTransaction(Action work) => _metadata.InTransaction(work);

    /// <summary>Commits every queued write in a transaction that is on stable storage when this returns (fsync(2)).</summary>
    public void Sync() => CommitDurably(() => { });

    /// <summary>Runs <paramref name="work"/> in one transaction that is on stable storage when this returns (fsync(2)).</summary>
    public void CommitDurably(Action work) => _metadata.CommitDurably(work);

    /// <summary>
    /// Queues tree writes whose effect the caller already holds in memory; they run in order in the next transaction
    /// (or read), at most <see cref="MetadataStore.DeferredInterval"/> later.
    /// </summary>
    public void Defer(Action work) => _metadata.Defer(work);

    /// <summary>
    /// Queues tree writes of node <paramref name="owner"/> (an inode number; 0 for vault-wide work) whose effect the
    /// caller already holds in memory. They run in order in the next transaction (or read), batched with everything
    /// queued: a batch lands whole or not at all, and a failed batch is reported to each of its owners once by
    /// <see cref="TakeFailure"/> (the filesystem answers it at the node's next fsync or close). <paramref name="work"/>
    /// may run more than once (a batch that could not land for a passing reason is retried whole), each time in a
    /// transaction that rolled the previous attempt back. One call is the unit a flush cannot split: an operation that
    /// queues several writes (<see cref="Defer(long, Action)"/>, <see cref="QueueNodeUpdate"/>) queues them inside
    /// <see cref="DeferTogether"/>.
    /// </summary>
    public void Defer(long owner, Action work) => _metadata.Defer(owner, work);

    /// <summary>
    /// Runs <paramref name="enqueue"/>, which queues the writes of one operation (<see cref="Defer(long, Action)"/>,
    /// <see cref="QueueNodeUpdate"/>), so that they land in one transaction or not at all: no flush, on any thread, can
    /// commit some of them without the rest (a node naming a leaf whose row is still queued, a reference whose link
    /// count is not). It holds the store's lock, which every transaction holds while it takes queued work, and nothing
    /// queued is taken until it returns: <paramref name="enqueue"/> should only queue (its reads do not see queued
    /// work), and must not wait for another thread that uses the vault.
    /// </summary>
    /// <remarks>
    /// Lock order: a caller may hold locks of its own (the filesystem holds a node's content gate, then the inode
    /// table's gate); the store's lock is taken after them. Queued work and after-commit actions run under the store's
    /// lock and never take a caller's lock.
    /// </remarks>
    public void DeferTogether(Action enqueue) => _metadata.DeferTogether(enqueue);

    /// <summary>
    /// The failure of queued writes of node <paramref name="owner"/> not reported yet, once (later calls return null
    /// until another batch fails); while the queue is stopped for good (a batch that cannot land) every owner gets it.
    /// </summary>
    /// <returns>The failure, or null when the node's queued writes landed (or are still waiting).</returns>
    public QueuedWriteFailure? TakeFailure(long owner) =>
        _metadata.TakeFailure(owner) is { } failed ? new QueuedWriteFailure(failed.DiskFull, failed.Message) : null;

    /// <summary>Runs <paramref name="action"/> once the current transaction has committed (at once when there is none).</summary>
    public void AfterCommit(Action action) => _metadata.AfterCommit(action);

    /// <summary>
    /// Raised when a rename took the last name of node <c>replaced</c> (first argument, an inode) and gave it to node
    /// <c>by</c> (second): the replaced node left the tree. This is how programs save atomically (write a new file,
    /// rename it over the old), so what follows a node through edits (a grant) may follow it to its replacement.
    /// Raised on the thread of the rename, after it applied: a handler must be quick and must not throw.
    /// </summary>
    public event Action<long, long>? Replaced;

    /// <summary>
    /// Tells the <see cref="Replaced"/> subscribers that a rename moved node <paramref name="by"/> over node
    /// <paramref name="replaced"/>, whose last name it was. Called by the filesystem layer, which performs renames.
    /// </summary>
    public void ReportReplacement(long replaced, long by) => Replaced?.Invoke(replaced, by);

    /// <summary>Commits every queued write now.</summary>
    public void Flush() => _metadata.FlushDeferred();

    /// <summary>True when queued writes wait for a transaction (after <see cref="Flush"/>: they could not land), so reading a node may give the state before them.</summary>
    public bool HasQueuedWrites => _metadata.HasQueuedWrites;

    // ---- reading ------------------------------------------------------------------------------------------------

    /// <summary>The node <paramref name="inode"/>, or null when there is none.</summary>
    public VaultNode? GetNode(long inode) => _metadata.GetNode(inode)?.ToNode();

    /// <summary>The root tree (/vault).</summary>
    /// <exception cref="InvalidOperationException">The vault has no root node (a broken vault).</exception>
    public VaultNode Root => GetNode(RootInode) ?? throw new InvalidOperationException("the vault has no root tree");

    /// <summary>
    /// The node at <paramref name="vaultPath"/>: labels separated by '/', relative to /vault ("" is /vault itself;
    /// empty segments are skipped). Null when a label is missing or a segment before the last is not a tree.
    /// </summary>
    public VaultNode? Resolve(string vaultPath)
    {
        ArgumentNullException.ThrowIfNull(vaultPath);
        lock (_metadata.SyncRoot)
        {
            var node = GetNode(RootInode);
            foreach (var label in vaultPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (node is null || !node.IsTree) return null;
                node = Lookup(node.Inode, label)?.Node;
            }
            return node;
        }
    }

    /// <summary>
    /// The current path of node <paramref name="inode"/> relative to /vault ("" for the root), found by following the
    /// references that name it up to the root; a node with several hard links gets the path of its first reference (by
    /// parent inode, then position). Null when the node is gone (inode numbers are never reused, so it never comes
    /// back) or no longer reachable from the root (unlinked while still open).
    /// </summary>
    public string? PathOf(long inode)
    {
        lock (_metadata.SyncRoot)
        {
            return FindPath(inode, new HashSet<long>());
        }
    }

    private string? FindPath(long inode, HashSet<long> seen)
    {
        if (inode == RootInode) return "";
        // A corrupt vault whose references form a cycle ends here instead of looping.
        if (!seen.Add(inode)) return null;
        foreach (var reference in _metadata.RefsTo(inode).OrderBy(r => r.Parent).ThenBy(r => r.Position))
        {
            var parent = FindPath(reference.Parent, seen);
            if (parent is not null) return parent.Length == 0 ? reference.Label : parent + "/" + reference.Label;
        }
        return null;
    }

    /// <summary>
    /// A stamp of the vault's committed metadata: equal stamps mean nothing in the tree (nodes, references, leaves) nor
    /// anything else in the metadata changed in between, so what was read from it still holds; a different stamp means
    /// something may have changed (an attention batch or an access time moves it too). For caches of derived views.
    /// </summary>
    public (long Own, long Others) ChangeStamp() => _metadata.ChangeStamp();

    /// <summary>The reference labelled <paramref name="label"/> in tree <paramref name="tree"/> and its node, or null.</summary>
    public TreeEntry? Lookup(long tree, string label)
    {
        lock (_metadata.SyncRoot)
        {
            var reference = _metadata.GetRef(tree, label);
            if (reference is not { } found) return null;
            var node = _metadata.GetNode(found.Child);
            return node is null ? null : new TreeEntry(found.ToReference(), node.ToNode());
        }
    }

    /// <summary>The reference labelled <paramref name="label"/> in tree <paramref name="tree"/>, or null.</summary>
    public ArtifactRef? FindReference(long tree, string label) => _metadata.GetRef(tree, label)?.ToReference();

    /// <summary>Every reference of tree <paramref name="tree"/> with its node, in position order (one query).</summary>
    public IReadOnlyList<TreeEntry> List(long tree) =>
        _metadata.ListChildren(tree).Select(c => new TreeEntry(c.Ref.ToReference(), c.Node.ToNode())).ToList();

    /// <summary>Every reference of tree <paramref name="tree"/> in position order (without reading the nodes).</summary>
    public IReadOnlyList<ArtifactRef> References(long tree) => _metadata.ListRefs(tree).Select(r => r.ToReference()).ToList();

    /// <summary>The references that name node <paramref name="node"/> (its hard links; one for a tree).</summary>
    public IReadOnlyList<ArtifactRef> ReferencesTo(long node) => _metadata.RefsTo(node).Select(r => r.ToReference()).ToList();

    /// <summary>Counts nodes by kind: (files, symlinks and special files; directories).</summary>
    public (long Leaves, long Trees) CountNodes() => _metadata.CountNodes();

    /// <summary>Stored blocks and their total size in bytes.</summary>
    public (long Count, long Bytes) BlockTotals() => _metadata.BlockTotals();

    /// <summary>Number of references in tree <paramref name="tree"/>.</summary>
    public long CountReferences(long tree) => _metadata.CountRefs(tree);

    /// <summary>
    /// Walks the subtree under <paramref name="root"/> depth first: a node, then its entries in position order, each
    /// tree's entries before its next sibling (pre-order, the order <c>find</c> prints). Every tree is entered once,
    /// so a corrupt vault whose references form a cycle still ends. Trees are listed as the walk reaches them: a
    /// caller that changes the tree while walking sees some of its changes.
    /// </summary>
    /// <param name="root">Where to start; yielded first with path "".</param>
    /// <param name="enter">Asked for each tree below the root before its entries are listed; false skips them (the
    /// tree itself is still yielded). Null enters every tree.</param>
    /// <returns>The nodes with their paths below <paramref name="root"/>.</returns>
    public IEnumerable<WalkEntry> Walk(VaultNode root, Func<WalkEntry, bool>? enter = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entered = new HashSet<long>();
        var stack = new Stack<WalkEntry>();
        stack.Push(new WalkEntry("", 0, root));
        while (stack.Count > 0)
        {
            var entry = stack.Pop();
            yield return entry;
            if (!entry.Node.IsTree || (entry.Depth > 0 && enter is not null && !enter(entry)) || !entered.Add(entry.Node.Inode)) continue;
            var children = List(entry.Node.Inode);
            for (var i = children.Count - 1; i >= 0; i--)
            {
                var child = children[i];
                var path = entry.Path.Length == 0 ? child.Label : entry.Path + "/" + child.Label;
                stack.Push(new WalkEntry(path, entry.Depth + 1, child.Node));
            }
        }
    }

    /// <summary>Node <paramref name="node"/> as a tree artifact: its type, the vault's player as steward, its references in order.</summary>
    /// <param name="node">A directory node.</param>
    /// <param name="steward">The player who owns the vault.</param>
    /// <exception cref="ArgumentException"><paramref name="node"/> is not a tree.</exception>
    public TreeArtifact DescribeTree(VaultNode node, PlayerId steward)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!node.IsTree) throw new ArgumentException($"node {node.Inode} is not a tree", nameof(node));
        var type = Enum.TryParse<TreeType>(node.TypeTag, out var parsed) ? parsed : TreeType.Collection;
        return new TreeArtifact(node.ArtifactId, type, steward, [], References(node.Inode));
    }

    /// <summary>Node <paramref name="node"/> as a leaf artifact: id, size, type, the vault's player as steward, times.</summary>
    /// <param name="node">A file, symlink or special file.</param>
    /// <param name="steward">The player who owns the vault.</param>
    /// <exception cref="ArgumentException"><paramref name="node"/> is a tree.</exception>
    public static LeafArtifact DescribeLeaf(VaultNode node, PlayerId steward)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.IsTree) throw new ArgumentException($"node {node.Inode} is a tree", nameof(node));
        var type = Enum.TryParse<LeafType>(node.TypeTag, out var parsed) ? parsed : LeafType.File;
        return new LeafArtifact(node.ArtifactId, node.Size, type, steward, FromNs(node.BirthTimeNs), FromNs(node.ModifyTimeNs));
    }

    private static DateTimeOffset FromNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    // ---- nodes --------------------------------------------------------------------------------------------------

    /// <summary>A new inode number (never reused), for a node inserted later (by queued work, say).</summary>
    public long AllocateInode() => _metadata.AllocateInode();

    /// <summary>
    /// Stores the new node <paramref name="node"/>; when its <see cref="VaultNode.Inode"/> is 0 a new number is
    /// allocated and set on it. It is unreferenced until a reference names it (<see cref="AddReference"/>).
    /// </summary>
    /// <returns>The node's inode number.</returns>
    public long InsertNode(VaultNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        // Always from the allocator: the store's own numbering (SQLite's autoincrement) does not know the numbers
        // AllocateInode has handed out for nodes still queued, so mixing the two could give one number twice.
        if (node.Inode == 0) node.Inode = AllocateInode();
        _metadata.InsertNode(node.ToRow());
        return node.Inode;
    }

    /// <summary>
    /// Stores the new leaf node <paramref name="node"/> holding <paramref name="content"/> (a file, symlink or special
    /// file, whose <see cref="VaultNode.ArtifactId"/> is <paramref name="content"/>'s id) and takes a reference on
    /// that leaf, in one transaction; the content's blocks are stored already (DESIGN §4). Numbers the node as
    /// <see cref="InsertNode(VaultNode)"/> does. Unreferenced until a reference names it.
    /// </summary>
    /// <returns>The node's inode number.</returns>
    /// <exception cref="ArgumentException"><paramref name="node"/> is a tree, or does not name <paramref name="content"/>.</exception>
    public long InsertLeaf(VaultNode node, LeafVersion content)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(content);
        if (node.IsTree) throw new ArgumentException($"node {node.Inode} is a tree", nameof(node));
        if (node.ArtifactId.Hash != content.Id) throw new ArgumentException($"node {node.Inode} does not hold leaf {content.Id}", nameof(content));
        return InTransaction(() =>
        {
            AcquireLeaf(content, idPending: false);
            return InsertNode(node);
        });
    }

    /// <summary>Stores every attribute of <paramref name="node"/> now.</summary>
    public void UpdateNode(VaultNode node) => _metadata.UpdateNode(node.ToRow());

    /// <summary>
    /// Queues a write of <paramref name="node"/>'s attributes (as of this call); several queued writes of one node
    /// collapse into its latest state, written by whichever transaction runs the first: queue it in one
    /// <see cref="DeferTogether"/> with the writes it depends on.
    /// </summary>
    public void QueueNodeUpdate(VaultNode node) => _metadata.DeferNodeUpdate(node.ToRow());

    /// <summary>Deletes node <paramref name="inode"/>'s row and its extended attributes; its leaf is not released (see <see cref="Release"/>).</summary>
    public void DeleteNode(long inode) => _metadata.DeleteNode(inode);

    /// <summary>Nodes that no reference names, other than the root (left by a crash between unlink and the last close).</summary>
    public IReadOnlyList<VaultNode> FindOrphans() => _metadata.FindOrphanNodes(RootInode).Select(n => n.ToNode()).ToList();

    /// <summary>
    /// Creates a tree labelled <paramref name="label"/> in <paramref name="parent"/> in one transaction: a new node
    /// with a random stable id and link count 2, its reference, and the parent's link count and times.
    /// </summary>
    /// <param name="parent">The parent tree (updated in place and stored).</param>
    /// <param name="label">The new entry's label.</param>
    /// <param name="type">The new tree's type.</param>
    /// <param name="mode">Permission bits.</param>
    /// <param name="uid">Owner uid.</param>
    /// <param name="gid">Group gid.</param>
    /// <returns>The new node, or null when <paramref name="label"/> is taken.</returns>
    public VaultNode? CreateTree(VaultNode parent, string label, TreeType type, uint mode, uint uid, uint gid)
    {
        var now = Vault.UnixNanoseconds(_clock);
        var node = VaultNode.New(NodeKind.Directory, mode, uid, gid, now, NewTreeId(), type.ToString());
        node.LinkCount = 2;
        return InTransaction(() =>
        {
            if (FindReference(parent.Inode, label) is not null) return null;
            InsertNode(node);
            parent.LinkCount++;
            AddReference(parent, label, node.Inode, now);
            return node;
        });
    }

    /// <summary>
    /// Creates a file labelled <paramref name="label"/> in <paramref name="parent"/> holding the built version
    /// <paramref name="content"/>, in one transaction (its blocks are stored already: DESIGN §4); disposes
    /// <paramref name="content"/>.
    /// </summary>
    /// <param name="parent">The parent tree (updated in place and stored).</param>
    /// <param name="label">The new entry's label.</param>
    /// <param name="content">The file's content, built by <see cref="ContentStore.Build(ReadOnlySpan{byte}, bool)"/>.</param>
    /// <param name="mode">Permission bits.</param>
    /// <param name="uid">Owner uid.</param>
    /// <param name="gid">Group gid.</param>
    /// <returns>The new node, or null when <paramref name="label"/> is taken.</returns>
    public VaultNode? CreateFile(VaultNode parent, string label, PendingLeaf content, uint mode, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(content);
        using (content)
        {
            var now = Vault.UnixNanoseconds(_clock);
            var version = content.Version;
            var node = VaultNode.New(NodeKind.File, mode, uid, gid, now, new ArtifactId(version.Id), TypeInference.LeafTypeOf(label).ToString());
            node.Size = version.Size;
            return InTransaction(() =>
            {
                if (FindReference(parent.Inode, label) is not null) return null;
                InsertNode(node);
                AcquireLeaf(version, content.IdPending);
                AddReference(parent, label, node.Inode, now);
                return node;
            });
        }
    }

    /// <summary>A new tree's stable id: 32 random bytes (a tree is a mutable document; its id never follows its content).</summary>
    public static ArtifactId NewTreeId() => new(RandomNumberGenerator.GetBytes(Blake3Hash.Size));

    // ---- references ---------------------------------------------------------------------------------------------

    /// <summary>Stores <paramref name="reference"/> as given (its position chosen by the caller, from the tree's <see cref="VaultNode.NextPosition"/>).</summary>
    public void InsertReference(ArtifactRef reference) => _metadata.InsertRef(reference.ToRow());

    /// <summary>
    /// Adds a reference labelled <paramref name="label"/> to node <paramref name="node"/> at the end of tree
    /// <paramref name="tree"/> (position <see cref="VaultNode.NextPosition"/>, which moves on), touches the tree's
    /// modification and change times and stores the tree; one transaction. The label must be free in the tree.
    /// </summary>
    /// <param name="tree">The tree (updated in place).</param>
    /// <param name="label">The new label.</param>
    /// <param name="node">The target node's inode.</param>
    /// <param name="nowNs">The time of the change, UTC ns since the Unix epoch.</param>
    /// <returns>The new reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="tree"/> is not a tree.</exception>
    public ArtifactRef AddReference(VaultNode tree, string label, long node, long nowNs)
    {
        RequireTree(tree);
        return InTransaction(() =>
        {
            var reference = new ArtifactRef(tree.Inode, label, tree.NextPosition++, node);
            InsertReference(reference);
            Touch(tree, nowNs);
            UpdateNode(tree);
            return reference;
        });
    }

    /// <summary>
    /// Deletes the reference labelled <paramref name="label"/> from tree <paramref name="tree"/>, if there is one, in one
    /// statement (no read first): for queued work whose caller knows the reference from memory.
    /// </summary>
    public void DeleteReference(long tree, string label) => _metadata.DeleteRef(tree, label);

    /// <summary>
    /// Moves the reference labelled <paramref name="label"/> in tree <paramref name="tree"/> to
    /// <paramref name="moved"/>'s tree, label and position in one statement (no read first; inserts
    /// <paramref name="moved"/> when there was no such reference): for queued renames whose caller knows both from
    /// memory. The new label must be free (delete a replaced reference first).
    /// </summary>
    public void MoveReference(long tree, string label, ArtifactRef moved) => _metadata.MoveRef(tree, label, moved.ToRow());

    /// <summary>
    /// Points the reference labelled <paramref name="label"/> in tree <paramref name="tree"/> at node
    /// <paramref name="node"/> instead, keeping its position.
    /// </summary>
    /// <returns>The reference as it was (its <see cref="ArtifactRef.Node"/> is the previous target), or null when there is no such label.</returns>
    public ArtifactRef? ReplaceReference(long tree, string label, long node) => InTransaction(() =>
    {
        if (FindReference(tree, label) is not { } old) return (ArtifactRef?)null;
        _metadata.DeleteRef(tree, label);
        InsertReference(old with { Node = node });
        return old;
    });

    /// <summary>Removes the reference labelled <paramref name="label"/> from tree <paramref name="tree"/>.</summary>
    /// <returns>The removed reference, or null when there was none.</returns>
    public ArtifactRef? RemoveReference(long tree, string label) => InTransaction(() =>
    {
        if (FindReference(tree, label) is not { } old) return (ArtifactRef?)null;
        _metadata.DeleteRef(tree, label);
        return old;
    });

    /// <summary>
    /// Moves the reference labelled <paramref name="label"/> in <paramref name="from"/> to label
    /// <paramref name="newLabel"/> in <paramref name="to"/>, in one transaction, with rename(2)'s rules for the tree:
    /// within one tree the entry keeps its position, across trees it goes to the end of <paramref name="to"/>; a
    /// reference already labelled <paramref name="newLabel"/> there is replaced (its node loses a link: a tree's link
    /// count drops to 0, a leaf's by one; the caller releases a node left without links once nothing holds it open);
    /// moving a tree across trees moves one link from <paramref name="from"/> to <paramref name="to"/>. Both trees'
    /// times are touched; every changed node is stored and updated in place.
    /// </summary>
    /// <param name="from">The source tree.</param>
    /// <param name="label">The label to move.</param>
    /// <param name="to">The target tree (may be <paramref name="from"/>).</param>
    /// <param name="newLabel">The label in <paramref name="to"/>.</param>
    /// <param name="nowNs">The time of the change, UTC ns since the Unix epoch.</param>
    /// <returns>The moved reference and the node it replaced, or null when <paramref name="label"/> is not in <paramref name="from"/>.</returns>
    public RenameResult? RenameReference(VaultNode from, string label, VaultNode to, string newLabel, long nowNs)
    {
        RequireTree(from);
        RequireTree(to);
        return InTransaction(() =>
        {
            if (FindReference(from.Inode, label) is not { } moving) return null;
            if (from.Inode == to.Inode && label == newLabel) return new RenameResult(moving, null);
            var sameTree = from.Inode == to.Inode;
            if (sameTree) to = from;
            var movingNode = GetNode(moving.Node) ?? throw new InvalidOperationException($"reference {label} names missing node {moving.Node}");
            VaultNode? replaced = null;
            if (Lookup(to.Inode, newLabel) is { } existing)
            {
                replaced = existing.Node;
                if (replaced.IsTree)
                {
                    replaced.LinkCount = 0;
                    to.LinkCount = Math.Max(2, to.LinkCount - 1);
                }
                else
                {
                    replaced.LinkCount = replaced.LinkCount > 0 ? replaced.LinkCount - 1 : 0;
                }
                replaced.ChangeTimeNs = nowNs;
                UpdateNode(replaced);
                _metadata.DeleteRef(to.Inode, newLabel);
            }
            if (movingNode.IsTree && !sameTree)
            {
                from.LinkCount = Math.Max(2, from.LinkCount - 1);
                to.LinkCount++;
            }
            _metadata.DeleteRef(from.Inode, label);
            var moved = new ArtifactRef(to.Inode, newLabel, sameTree ? moving.Position : to.NextPosition++, moving.Node);
            InsertReference(moved);
            movingNode.ChangeTimeNs = nowNs;
            UpdateNode(movingNode);
            Touch(from, nowNs);
            UpdateNode(from);
            if (!sameTree)
            {
                Touch(to, nowNs);
                UpdateNode(to);
            }
            return new RenameResult(moved, replaced);
        });
    }

    private static void Touch(VaultNode tree, long nowNs)
    {
        tree.ModifyTimeNs = nowNs;
        tree.ChangeTimeNs = nowNs;
    }

    private static void RequireTree(VaultNode tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (!tree.IsTree) throw new ArgumentException($"node {tree.Inode} is not a tree", nameof(tree));
    }

    // ---- extended attributes ------------------------------------------------------------------------------------

    /// <summary>The stored extended attribute <paramref name="name"/> of node <paramref name="inode"/>, or null.</summary>
    public byte[]? GetXattr(long inode, string name) => _metadata.GetXattr(inode, name);

    /// <summary>Stores extended attribute <paramref name="name"/> of node <paramref name="inode"/> (replacing any value).</summary>
    public void SetXattr(long inode, string name, byte[] value) => _metadata.SetXattr(inode, name, value);

    /// <summary>Removes extended attribute <paramref name="name"/>; false when it did not exist.</summary>
    public bool RemoveXattr(long inode, string name) => _metadata.RemoveXattr(inode, name);

    /// <summary>Names of node <paramref name="inode"/>'s stored extended attributes, ordinally sorted.</summary>
    public IReadOnlyList<string> ListXattrs(long inode) => _metadata.ListXattrs(inode);

    /// <summary>Bytes the stored attributes other than <paramref name="except"/> take: names as listxattr(2) lists them (UTF-8 + NUL each), and values.</summary>
    public (long NameBytes, long ValueBytes) XattrUsage(long inode, string except) => _metadata.XattrUsage(inode, except);

    // ---- leaves: the save pipeline (DESIGN §4) and release ------------------------------------------------------

    /// <summary>
    /// The committed content of leaf node <paramref name="node"/>: its blocks in order (holes absent). Null when the
    /// leaf is not committed (a save still queued) or its id is provisional (its holes are being hashed).
    /// </summary>
    public LeafVersion? CommittedContent(VaultNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var id = node.ArtifactId.Hash;
        if (node.Size == 0) return LeafVersion.Empty with { Id = id };
        if (_metadata.LeafReferenceCount(id) == 0 || _content?.IsProvisional(id) == true) return null;
        return new LeafVersion(id, node.Size, _metadata.GetLeafBlocks(id));
    }

    /// <summary>
    /// Makes <paramref name="pending"/> the content of leaf node <paramref name="node"/> (DESIGN §4): its blocks are
    /// already stored (and fsynced when built durable); one metadata transaction then takes a reference on the new
    /// leaf, points the node at it and releases the old one; blocks left without references are deleted after that
    /// commit. <paramref name="durable"/>: the transaction is on stable storage when this returns (fsync); otherwise
    /// it is queued as writes of the node (<see cref="Defer(long, Action)"/>: a failure reaches
    /// <see cref="TakeFailure"/> of the node) and lands atomically with what was queued before it (a crash before
    /// then leaves the old version). Takes ownership of <paramref name="pending"/> (its blocks stay pinned until the
    /// transaction has committed).
    /// </summary>
    /// <param name="node">The node as the caller holds it (not changed).</param>
    /// <param name="pending">The new version, built by <see cref="ContentStore"/>.</param>
    /// <param name="durable">Commit to stable storage before returning.</param>
    /// <returns>The node's new state (id and size of the new version).</returns>
    public VaultNode SaveLeaf(VaultNode node, PendingLeaf pending, bool durable)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pending);
        if (node.IsTree) throw new ArgumentException($"node {node.Inode} is a tree", nameof(node));
        var content = Content;
        var version = pending.Version;
        var old = node.ArtifactId.Hash;
        var saved = node.Clone();
        saved.ArtifactId = new ArtifactId(version.Id);
        saved.Size = version.Size;
        if (durable)
        {
            List<Blake3Hash> dead = [];
            try
            {
                CommitDurably(() =>
                {
                    AcquireLeaf(version, pending.IdPending);
                    UpdateNode(saved);
                    dead = _metadata.ReleaseLeaf(old);
                });
            }
            finally
            {
                pending.Dispose();
            }
            content.DeleteUnreferenced(dead);
            return saved;
        }
        // The node's row names the new leaf: it must land with the leaf's row, never before it (a crash in between
        // would leave the node naming a leaf without a row, whose blocks recovery deletes).
        DeferTogether(() =>
        {
            QueueNodeUpdate(saved);
            Defer(node.Inode, () =>
            {
                AcquireLeaf(version, pending.IdPending);
                var released = _metadata.ReleaseLeaf(old);
                AfterCommit(() =>
                {
                    pending.Dispose();
                    content.DeleteUnreferenced(released);
                });
            });
        });
        return saved;
    }

    private void AcquireLeaf(LeafVersion version, bool idPending)
    {
        _metadata.AcquireLeaf(version.Id, version.Size, _blockSize, version.Blocks);
        if (idPending) _metadata.AddPendingLeaf(version.Id);
    }

    /// <summary>
    /// Releases node <paramref name="node"/> for good (its last link is gone and nothing holds it open): deletes its
    /// row and extended attributes and drops its reference on its leaf; blocks left without references are deleted
    /// after the commit. Call inside a transaction or queued work (<see cref="Defer(long, Action)"/>) to join others; alone it runs
    /// in a transaction of its own.
    /// </summary>
    public void Release(VaultNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var content = Content;
        InTransaction(() =>
        {
            var dead = node.IsTree ? [] : _metadata.ReleaseLeaf(node.ArtifactId.Hash);
            _metadata.DeleteNode(node.Inode);
            if (dead.Count > 0) AfterCommit(() => content.DeleteUnreferenced(dead));
        });
    }

    /// <summary>
    /// Gives the leaf with provisional id <paramref name="provisional"/> (a version whose holes were hashed in the
    /// background) its real id <paramref name="real"/>: nodes, leaf row and block list move to it, merging with an
    /// existing leaf of that id; blocks left without references are deleted after the commit. Nothing happens when
    /// the provisional leaf is gone. Queue it (<see cref="Defer(long, Action)"/>) behind the save that made the leaf.
    /// </summary>
    public void RekeyLeaf(ArtifactId provisional, ArtifactId real)
    {
        var content = Content;
        InTransaction(() =>
        {
            var dead = _metadata.RekeyLeaf(provisional.Hash, real.Hash);
            if (dead.Count > 0) AfterCommit(() => content.DeleteUnreferenced(dead));
        });
    }

    private ContentStore Content => _content ?? throw new InvalidOperationException("a read-only view of the vault cannot save or release leaves");
}
