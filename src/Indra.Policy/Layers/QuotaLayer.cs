using System.Collections.Concurrent;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;

namespace Indra.Policy.Layers;

/// <summary>
/// The vault's quota (<c>quota.bytes</c>, <c>quota.files</c> of docs/policy.md) around the vault filesystem, with the
/// answers of a Linux filesystem at a disk quota: a write that would pass the byte quota is cut short at it and the
/// next fails with EDQUOT; a truncate, fallocate or copy that grows a file past it, and a create of any node past the
/// node quota, fail with EDQUOT; <c>statfs</c> reports the quota as the filesystem's size (so <c>df</c> shows it) and
/// what is left of it as free.
/// </summary>
/// <remarks>
/// Usage is counted once at mount (<see cref="Usage"/>: the sizes of the vault's regular files, each inode once, and
/// its nodes below /vault) and then kept by this layer from what passes through it: each file's last known size, the
/// bytes a write in flight may add (reserved before it runs, so concurrent writers cannot pass the quota together),
/// and nodes made and removed. Transfers received from peers are written beside the mount (they are bounded by the
/// per-peer quota instead) and are counted from the next mount on. Space held by an unlinked file that is still open
/// is freed from the count at the unlink.
/// </remarks>
public sealed class QuotaLayer : VaultFileSystemDecorator
{
    private readonly long _byteLimit;
    private readonly long _fileLimit;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<ulong, long> _sizes = new();
    private readonly AppendHandles _appending = new();
    private long _bytes;
    private long _files;

    /// <summary>Wraps <paramref name="inner"/> with quotas of <paramref name="byteLimit"/> bytes and
    /// <paramref name="fileLimit"/> nodes (0: none), starting from <paramref name="usage"/>.</summary>
    public QuotaLayer(IVaultFileSystem inner, long byteLimit, long fileLimit, (long Bytes, long Files) usage)
        : base(inner)
    {
        _byteLimit = byteLimit;
        _fileLimit = fileLimit;
        (_bytes, _files) = usage;
    }

    /// <summary>Bytes counted against the quota now (reservations of writes in flight included).</summary>
    public long UsedBytes => Interlocked.Read(ref _bytes);

    /// <summary>Nodes counted against the quota now.</summary>
    public long UsedFiles => Interlocked.Read(ref _files);

    /// <summary>What <paramref name="vault"/> holds: bytes of its regular files (a hard-linked file once) and its nodes
    /// below the root.</summary>
    public static (long Bytes, long Files) Usage(Vault vault)
    {
        var seen = new HashSet<long>();
        long bytes = 0, files = 0;
        foreach (var entry in vault.Tree.Walk(vault.Tree.Root))
        {
            if (entry.Depth == 0 || !seen.Add(entry.Node.Inode)) continue;
            files++;
            if (entry.Node.Kind == NodeKind.File) bytes += entry.Node.Size;
        }
        return (bytes, files);
    }

    private long KnownSize(ulong inode) =>
        _sizes.GetOrAdd(inode, i => Inner.GetAttributes(i, out var attributes) == Errno.None && attributes.Kind == NodeKind.File ? attributes.Size : 0);

    /// <summary>Reserves the bytes a change may add to <paramref name="inode"/> by growing it to <paramref name="end"/>,
    /// cut to what is left of the quota when <paramref name="partial"/>.</summary>
    /// <returns>The bytes reserved and by how many the change must be cut short, or EDQUOT.</returns>
    private Errno Reserve(ulong inode, long end, bool partial, out long reserved, out long cut)
    {
        reserved = 0;
        cut = 0;
        lock (_gate)
        {
            var growth = end - KnownSize(inode);
            if (growth <= 0 || _byteLimit == 0)
            {
                return Errno.None;
            }
            var room = _byteLimit - _bytes;
            if (growth > room)
            {
                if (!partial || room <= 0) return Errno.EDQUOT;
                cut = growth - room;
                growth = room;
            }
            reserved = growth;
            _bytes += growth;
            return Errno.None;
        }
    }

    /// <summary>Gives back a reservation and counts <paramref name="inode"/>'s size as it is now.</summary>
    private void Settle(ulong inode, long reserved)
    {
        lock (_gate)
        {
            var before = KnownSize(inode);
            var after = Inner.GetAttributes(inode, out var attributes) == Errno.None ? attributes.Size : before;
            _sizes[inode] = after;
            _bytes += after - before - reserved;
        }
    }

    /// <summary>Takes one node of the node quota, or EDQUOT.</summary>
    private Errno TakeNode()
    {
        lock (_gate)
        {
            if (_fileLimit > 0 && _files >= _fileLimit) return Errno.EDQUOT;
            _files++;
            return Errno.None;
        }
    }

    /// <summary>Gives a node back (a create that failed, a node removed), with its bytes when it was a file.</summary>
    private void DropNode(ulong inode, bool file)
    {
        lock (_gate)
        {
            _files--;
            if (file && _sizes.TryRemove(inode, out var size)) _bytes -= size;
        }
    }

    /// <summary>Gives back the node taken for a create that failed with <paramref name="result"/>.</summary>
    private Errno Created(Errno result)
    {
        if (result != Errno.None) DropNode(0, file: false);
        return result;
    }

    /// <inheritdoc/>
    public override Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var taken = TakeNode();
        return taken != Errno.None ? taken : Created(base.SymLink(parent, name, target, caller, out attributes));
    }

    /// <inheritdoc/>
    public override Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var taken = TakeNode();
        return taken != Errno.None ? taken : Created(base.MakeDirectory(parent, name, mode, caller, out attributes));
    }

    /// <inheritdoc/>
    public override Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var taken = TakeNode();
        return taken != Errno.None ? taken : Created(base.MakeNode(parent, name, mode, device, caller, out attributes));
    }

    /// <inheritdoc/>
    public override Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open)
    {
        attributes = default;
        open = default;
        // An existing name is opened, not made: it takes no node.
        var exists = Inner.Lookup(parent, name, out var existing) == Errno.None;
        if (exists) Inner.Forget(existing.Inode, 1);
        var taken = exists ? Errno.None : TakeNode();
        if (taken != Errno.None) return taken;
        var result = base.Create(parent, name, mode, flags, caller, out attributes, out open);
        if (!exists) Created(result);
        if (result == Errno.None)
        {
            _appending.Opened(result, flags, open);
            Settle(attributes.Inode, 0);
        }
        return result;
    }

    /// <inheritdoc/>
    public override Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        var result = base.Open(inode, flags, caller, out open);
        _appending.Opened(result, flags, open);
        if (result == Errno.None && (flags & OpenFlags.Truncate) != 0) Settle(inode, 0);
        return result;
    }

    /// <inheritdoc/>
    public override Errno Release(ulong inode, ulong handle)
    {
        _appending.Released(handle);
        return base.Release(inode, handle);
    }

    /// <inheritdoc/>
    public override Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        bytesWritten = 0;
        if (data.Length == 0) return base.Write(inode, handle, offset, data, out bytesWritten);
        var start = _appending.StartOf(Inner, inode, handle, offset);
        var reserved = Reserve(inode, start + data.Length, partial: true, out var bytes, out var cut);
        if (reserved != Errno.None) return reserved;
        try
        {
            return base.Write(inode, handle, offset, data[..(data.Length - (int)cut)], out bytesWritten);
        }
        finally
        {
            Settle(inode, bytes);
        }
    }

    /// <inheritdoc/>
    public override Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        if ((request.Fields & SetAttributeFields.Size) == 0) return base.SetAttributes(inode, request, handle, caller, out attributes);
        var reserved = Reserve(inode, request.Size, partial: false, out var bytes, out _);
        if (reserved != Errno.None) return reserved;
        try
        {
            return base.SetAttributes(inode, request, handle, caller, out attributes);
        }
        finally
        {
            Settle(inode, bytes);
        }
    }

    /// <inheritdoc/>
    public override Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length)
    {
        long bytes = 0;
        if ((mode & FallocateModes.KeepSize) == 0)
        {
            var reserved = Reserve(inode, offset + length, partial: false, out bytes, out _);
            if (reserved != Errno.None) return reserved;
        }
        try
        {
            return base.Allocate(inode, handle, mode, offset, length);
        }
        finally
        {
            Settle(inode, bytes);
        }
    }

    /// <inheritdoc/>
    public override Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied)
    {
        copied = 0;
        var reserved = Reserve(inodeOut, offsetOut + length, partial: true, out var bytes, out var cut);
        if (reserved != Errno.None) return reserved;
        try
        {
            return base.CopyRange(inodeIn, handleIn, offsetIn, inodeOut, handleOut, offsetOut, length - cut, out copied);
        }
        finally
        {
            Settle(inodeOut, bytes);
        }
    }

    /// <summary>The node at <paramref name="name"/> in <paramref name="parent"/> before it goes, or null.</summary>
    private NodeAttributes? Peek(ulong parent, string name)
    {
        if (Inner.Lookup(parent, name, out var attributes) != Errno.None) return null;
        Inner.Forget(attributes.Inode, 1);
        return attributes;
    }

    /// <summary>Counts <paramref name="gone"/> as removed when its last name went.</summary>
    private void Removed(NodeAttributes? gone)
    {
        if (gone is { } node && (node.Kind == NodeKind.Directory || node.LinkCount <= 1)) DropNode(node.Inode, node.Kind == NodeKind.File);
    }

    /// <inheritdoc/>
    public override Errno Unlink(ulong parent, string name)
    {
        var gone = Peek(parent, name);
        var result = base.Unlink(parent, name);
        if (result == Errno.None) Removed(gone);
        return result;
    }

    /// <inheritdoc/>
    public override Errno RemoveDirectory(ulong parent, string name)
    {
        var gone = Peek(parent, name);
        var result = base.RemoveDirectory(parent, name);
        if (result == Errno.None) Removed(gone);
        return result;
    }

    /// <inheritdoc/>
    public override Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags)
    {
        var replaced = (flags & RenameFlags.Exchange) != 0 ? null : Peek(newParent, newName);
        var moved = replaced is null ? null : Peek(parent, name);
        var result = base.Rename(parent, name, newParent, newName, flags);
        if (result == Errno.None && replaced is { } target && moved?.Inode != target.Inode) Removed(replaced);
        return result;
    }

    /// <inheritdoc/>
    public override Errno GetStatistics(out FileSystemStatistics statistics)
    {
        var result = base.GetStatistics(out statistics);
        if (result != Errno.None) return result;
        var blockSize = Math.Max(1UL, statistics.BlockSize);
        if (_byteLimit > 0)
        {
            var total = ((ulong)_byteLimit + blockSize - 1) / blockSize;
            var free = (ulong)Math.Max(0, _byteLimit - UsedBytes) / blockSize;
            statistics = statistics with
            {
                TotalBlocks = total,
                FreeBlocks = Math.Min(free, statistics.FreeBlocks),
                AvailableBlocks = Math.Min(free, statistics.AvailableBlocks),
            };
        }
        if (_fileLimit > 0)
        {
            statistics = statistics with { TotalFiles = (ulong)_fileLimit, FreeFiles = (ulong)Math.Max(0, _fileLimit - UsedFiles) };
        }
        return result;
    }
}
