using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Policy.Layers;

/// <summary>
/// The restrictions of machine policy around the vault filesystem (docs/policy.md): <c>readOnly</c> (every change
/// fails with EROFS, as on a filesystem mounted <c>ro</c>), <c>nodeTypes</c> (creating a node of a kind not listed
/// fails with EPERM, as mknod(2) does where the filesystem forbids the type; existing nodes stay usable) and
/// <c>maxFileSize</c> (a write that starts at or past the limit fails with EFBIG, one that crosses it is cut short
/// there; a truncate, fallocate or copy past it fails with EFBIG, as write(2), truncate(2) and fallocate(2) do at a
/// filesystem's file size limit). Sharing modes, peers and <c>--allow-other</c> are enforced where they are used
/// (<see cref="EffectivePolicy"/>'s Refuse methods).
/// </summary>
public sealed class RestrictionsLayer : VaultFileSystemDecorator
{
    private readonly bool _readOnly;
    private readonly Func<NodeKind, bool> _allows;
    private readonly long _maxFileSize;
    private readonly AppendHandles _appending = new();

    /// <summary>Wraps <paramref name="inner"/> with the restrictions of <paramref name="policy"/>.</summary>
    public RestrictionsLayer(IVaultFileSystem inner, EffectivePolicy policy)
        : base(inner)
    {
        _readOnly = policy.ReadOnly;
        _allows = policy.Allows;
        _maxFileSize = policy.MaxFileSize > 0 ? policy.MaxFileSize : long.MaxValue;
    }

    /// <summary>EROFS when read-only, EPERM when <paramref name="kind"/> may not be created, else none.</summary>
    private Errno MayCreate(NodeKind kind) => _readOnly ? Errno.EROFS : _allows(kind) ? Errno.None : Errno.EPERM;

    /// <inheritdoc/>
    public override Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        if (_readOnly) return Errno.EROFS;
        if ((request.Fields & SetAttributeFields.Size) != 0 && request.Size > _maxFileSize) return Errno.EFBIG;
        return base.SetAttributes(inode, request, handle, caller, out attributes);
    }

    /// <inheritdoc/>
    public override Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var refused = MayCreate(NodeKind.Symlink);
        return refused != Errno.None ? refused : base.SymLink(parent, name, target, caller, out attributes);
    }

    /// <inheritdoc/>
    public override Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var refused = MayCreate(NodeKind.Directory);
        return refused != Errno.None ? refused : base.MakeDirectory(parent, name, mode, caller, out attributes);
    }

    /// <inheritdoc/>
    public override Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes)
    {
        attributes = default;
        var refused = MayCreate(FileModes.TryKindOf(mode) ?? NodeKind.File);
        return refused != Errno.None ? refused : base.MakeNode(parent, name, mode, device, caller, out attributes);
    }

    /// <inheritdoc/>
    public override Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open)
    {
        attributes = default;
        open = default;
        var refused = MayCreate(NodeKind.File);
        if (refused != Errno.None) return refused;
        var result = base.Create(parent, name, mode, flags, caller, out attributes, out open);
        _appending.Opened(result, flags, open);
        return result;
    }

    /// <inheritdoc/>
    public override Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        open = default;
        if (_readOnly && (OpenFlags.Writes(flags) || (flags & OpenFlags.Truncate) != 0)) return Errno.EROFS;
        var result = base.Open(inode, flags, caller, out open);
        _appending.Opened(result, flags, open);
        return result;
    }

    /// <inheritdoc/>
    public override Errno Release(ulong inode, ulong handle)
    {
        _appending.Released(handle);
        return base.Release(inode, handle);
    }

    /// <inheritdoc/>
    public override Errno Unlink(ulong parent, string name) => _readOnly ? Errno.EROFS : base.Unlink(parent, name);

    /// <inheritdoc/>
    public override Errno RemoveDirectory(ulong parent, string name) => _readOnly ? Errno.EROFS : base.RemoveDirectory(parent, name);

    /// <inheritdoc/>
    public override Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags) =>
        _readOnly ? Errno.EROFS : base.Rename(parent, name, newParent, newName, flags);

    /// <inheritdoc/>
    public override Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes)
    {
        attributes = default;
        return _readOnly ? Errno.EROFS : base.Link(inode, newParent, newName, out attributes);
    }

    /// <inheritdoc/>
    public override Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        bytesWritten = 0;
        if (_readOnly) return Errno.EROFS;
        if (_maxFileSize != long.MaxValue && data.Length > 0)
        {
            var start = _appending.StartOf(Inner, inode, handle, offset);
            if (start >= _maxFileSize) return Errno.EFBIG;
            if (start + data.Length > _maxFileSize) data = data[..(int)(_maxFileSize - start)];
        }
        return base.Write(inode, handle, offset, data, out bytesWritten);
    }

    /// <inheritdoc/>
    public override Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length)
    {
        if (_readOnly) return Errno.EROFS;
        if ((mode & FallocateModes.KeepSize) == 0 && offset + length > _maxFileSize) return Errno.EFBIG;
        return base.Allocate(inode, handle, mode, offset, length);
    }

    /// <inheritdoc/>
    public override Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied)
    {
        copied = 0;
        if (_readOnly) return Errno.EROFS;
        if (offsetOut >= _maxFileSize && length > 0) return Errno.EFBIG;
        return base.CopyRange(inodeIn, handleIn, offsetIn, inodeOut, handleOut, offsetOut, Math.Min(length, _maxFileSize - offsetOut), out copied);
    }

    /// <inheritdoc/>
    public override Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags) =>
        _readOnly ? Errno.EROFS : base.SetExtendedAttribute(inode, name, value, flags);

    /// <inheritdoc/>
    public override Errno RemoveExtendedAttribute(ulong inode, string name) => _readOnly ? Errno.EROFS : base.RemoveExtendedAttribute(inode, name);
}
