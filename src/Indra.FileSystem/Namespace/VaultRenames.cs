using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Nodes;

namespace Indra.FileSystem.Namespace;

/// <summary>
/// rename(2) and renameat2(2) (RENAME_NOREPLACE, RENAME_EXCHANGE) within the vault tree: the checks POSIX asks for,
/// then one queued transaction that moves (or swaps) the references, with the loaded nodes updated to match; the
/// queued writes are owned by the node that moves and queued as one unit (<see cref="VaultTree.DeferTogether"/>).
/// </summary>
internal sealed class VaultRenames
{
    private readonly InodeTable _inodes;
    private readonly Vault _vault;
    private readonly VaultTree _tree;
    private readonly VaultNamespace _namespace;

    public VaultRenames(InodeTable inodes, Vault vault, VaultNamespace @namespace)
    {
        _inodes = inodes;
        _vault = vault;
        _tree = vault.Tree;
        _namespace = @namespace;
    }

    /// <summary>rename(2) and renameat2(2) within the vault; see <see cref="IVaultFileSystem.Rename"/>.</summary>
    public Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags)
    {
        if ((flags & ~(RenameFlags.NoReplace | RenameFlags.Exchange)) != 0 || flags == (RenameFlags.NoReplace | RenameFlags.Exchange)) return Errno.EINVAL;
        if (Names.Validate(newName) is var invalid && invalid != Errno.None) return invalid;
        lock (_inodes.Gate)
        {
            var check = _namespace.WritableDirectory(parent, out var source);
            if (check != Errno.None) return check;
            check = _namespace.WritableDirectory(newParent, out var target);
            if (check != Errno.None) return check;
            var sourceChildren = _inodes.ChildrenOf(source);
            var targetChildren = _inodes.ChildrenOf(target);
            if (!sourceChildren.TryGet(name, out var movingNumber) || _inodes.Load(movingNumber) is not { } moving) return Errno.ENOENT;
            if ((flags & RenameFlags.Exchange) != 0)
            {
                if (!targetChildren.TryGet(newName, out var otherNumber) || _inodes.Load(otherNumber) is not { } other) return Errno.ENOENT;
                if (other.Number == moving.Number) return Errno.None;
                if (moving.Kind == NodeKind.Directory && IsSelfOrAncestor(moving.Number, target.Number)) return Errno.EINVAL;
                if (other.Kind == NodeKind.Directory && IsSelfOrAncestor(other.Number, source.Number)) return Errno.EINVAL;
                ApplyExchange(source, name, moving, target, newName, other);
                return Errno.None;
            }
            Inode? replaced = null;
            if (targetChildren.TryGet(newName, out var existingNumber))
            {
                if ((flags & RenameFlags.NoReplace) != 0) return Errno.EEXIST;
                replaced = _inodes.Load(existingNumber);
                if (replaced is not null && replaced.Number == moving.Number) return Errno.None;
                if (replaced is not null)
                {
                    var replacedIsDirectory = replaced.Kind == NodeKind.Directory;
                    var movingIsDirectory = moving.Kind == NodeKind.Directory;
                    if (movingIsDirectory && !replacedIsDirectory) return Errno.ENOTDIR;
                    if (!movingIsDirectory && replacedIsDirectory) return Errno.EISDIR;
                    if (replacedIsDirectory && _inodes.ChildrenOf(replaced).Count > 0) return Errno.ENOTEMPTY;
                }
            }
            if (moving.Kind == NodeKind.Directory && IsSelfOrAncestor(moving.Number, target.Number)) return Errno.EINVAL;
            ApplyRename(source, name, moving, target, newName, replaced);
            return Errno.None;
        }
    }

    /// <summary>Moves the reference in one transaction and updates the loaded state. Caller holds the inode table's gate.</summary>
    private void ApplyRename(Inode source, string name, Inode moving, Inode target, string newName, Inode? replaced)
    {
        var now = _vault.ClockNs();
        var sameDirectory = source.Number == target.Number;
        var movingIsDirectory = moving.Kind == NodeKind.Directory;
        var sourceRecord = VaultNamespace.Touched(source.Record, now);
        var targetRecord = sameDirectory ? sourceRecord : VaultNamespace.Touched(target.Record, now);
        sourceChildrenPosition(source, name, out var oldPosition);
        var position = sameDirectory ? oldPosition : targetRecord.NextPosition++;
        if (movingIsDirectory && !sameDirectory)
        {
            sourceRecord.LinkCount = Math.Max(2, sourceRecord.LinkCount - 1);
            targetRecord.LinkCount++;
        }
        VaultNode? replacedRecord = null;
        if (replaced is not null)
        {
            replacedRecord = replaced.Record.Clone();
            replacedRecord.ChangeTimeNs = now;
            if (replaced.Kind == NodeKind.Directory)
            {
                replacedRecord.LinkCount = 0;
                targetRecord.LinkCount = Math.Max(2, targetRecord.LinkCount - 1);
            }
            else
            {
                replacedRecord.LinkCount = replacedRecord.LinkCount > 0 ? replacedRecord.LinkCount - 1 : 0;
            }
        }
        var movingRecord = moving.Record.Clone();
        movingRecord.ChangeTimeNs = now;
        // One unit: the references move with the link counts and times of every node involved.
        _tree.DeferTogether(() =>
        {
            _tree.Defer(moving.Number, () =>
            {
                if (replaced is not null) _tree.DeleteReference(target.Number, newName);
                _tree.MoveReference(source.Number, name, new ArtifactRef(target.Number, newName, position, moving.Number));
            });
            if (replacedRecord is not null) _tree.QueueNodeUpdate(replacedRecord);
            _tree.QueueNodeUpdate(movingRecord);
            _tree.QueueNodeUpdate(sourceRecord);
            if (!sameDirectory) _tree.QueueNodeUpdate(targetRecord);
        });
        var sourceChildren = _inodes.ChildrenOf(source);
        var targetChildren = _inodes.ChildrenOf(target);
        if (replaced is not null) targetChildren.Remove(newName);
        sourceChildren.Remove(name);
        targetChildren.Add(newName, position, moving.Number);
        source.Record = sourceRecord;
        if (!sameDirectory) target.Record = targetRecord;
        moving.Record = movingRecord;
        moving.Parent = target.Number;
        moving.Name = newName;
        if (replaced is not null)
        {
            replaced.Record = replacedRecord!;
            if (replaced.Parent == target.Number && replaced.Name == newName) replaced.Parent = 0;
            if (replacedRecord!.LinkCount == 0)
            {
                replaced.Unlinked = true;
                _inodes.ReapIfDead(replaced);
                // Its last name now names the moved node: an atomic save (write a new file, rename it over the old).
                _tree.ReportReplacement(replaced.Number, moving.Number);
            }
        }

        static void sourceChildrenPosition(Inode directory, string label, out long position)
        {
            if (!directory.Children!.TryGetPosition(label, out position)) position = 0;
        }
    }

    /// <summary>
    /// RENAME_EXCHANGE (renameat2(2)): the two names swap the nodes they refer to, atomically, in one queued
    /// transaction; each label keeps its position in its tree. Caller holds the inode table's gate.
    /// </summary>
    private void ApplyExchange(Inode source, string name, Inode first, Inode target, string newName, Inode second)
    {
        var now = _vault.ClockNs();
        var sameDirectory = source.Number == target.Number;
        var sourceRecord = VaultNamespace.Touched(source.Record, now);
        var targetRecord = sameDirectory ? sourceRecord : VaultNamespace.Touched(target.Record, now);
        _inodes.ChildrenOf(source).TryGetPosition(name, out var firstPosition);
        _inodes.ChildrenOf(target).TryGetPosition(newName, out var secondPosition);
        var firstIsDirectory = first.Kind == NodeKind.Directory;
        if (!sameDirectory && firstIsDirectory != (second.Kind == NodeKind.Directory))
        {
            // A subdirectory changes trees: the trees' link counts follow it.
            var delta = firstIsDirectory ? 1u : unchecked((uint)-1);
            sourceRecord.LinkCount = Math.Max(2, sourceRecord.LinkCount - delta);
            targetRecord.LinkCount = Math.Max(2, targetRecord.LinkCount + delta);
        }
        var firstRecord = first.Record.Clone();
        firstRecord.ChangeTimeNs = now;
        var secondRecord = second.Record.Clone();
        secondRecord.ChangeTimeNs = now;
        _tree.DeferTogether(() =>
        {
            _tree.Defer(first.Number, () =>
            {
                _tree.ReplaceReference(source.Number, name, second.Number);
                _tree.ReplaceReference(target.Number, newName, first.Number);
            });
            _tree.QueueNodeUpdate(firstRecord);
            _tree.QueueNodeUpdate(secondRecord);
            _tree.QueueNodeUpdate(sourceRecord);
            if (!sameDirectory) _tree.QueueNodeUpdate(targetRecord);
        });
        _inodes.ChildrenOf(source).Remove(name);
        _inodes.ChildrenOf(target).Remove(newName);
        _inodes.ChildrenOf(source).Add(name, firstPosition, second.Number);
        _inodes.ChildrenOf(target).Add(newName, secondPosition, first.Number);
        source.Record = sourceRecord;
        if (!sameDirectory) target.Record = targetRecord;
        first.Record = firstRecord;
        second.Record = secondRecord;
        (first.Parent, first.Name) = (target.Number, newName);
        (second.Parent, second.Name) = (source.Number, name);
    }

    /// <summary>
    /// Most levels the ancestor walk of a rename climbs before it refuses the move as if it were into the moved
    /// folder's own subtree: far deeper than any real tree, it only stops a walk through corrupt, cyclic metadata.
    /// </summary>
    private const int MaxAncestorWalk = 1 << 20;

    /// <summary>
    /// True when <paramref name="ancestor"/> is <paramref name="inode"/> or one of its ancestors, however deep the tree
    /// (the walk is a loop, one step per level); also true, refusing the move, past <see cref="MaxAncestorWalk"/>
    /// levels. Caller holds the inode table's gate.
    /// </summary>
    private bool IsSelfOrAncestor(long ancestor, long inode)
    {
        var current = inode;
        for (var depth = 0; current != 0; depth++)
        {
            if (current == ancestor || depth >= MaxAncestorWalk) return true;
            if (current == Vault.RootInode) return false;
            current = _inodes.ParentOf(current);
        }
        return false;
    }
}
