using Indra.FileSystem;
using Indra.Storage.Blocks;

namespace Indra.Policy.Layers;

/// <summary>
/// A policy layer around an <see cref="IVaultFileSystem"/> (the AnyFS seed's middleware): every call goes to the
/// wrapped filesystem unless the layer overrides it. Layers hold no vault state of their own beyond what their policy
/// needs, so any of them can be left out; the composition root stacks them (<see cref="PolicyLayers.Compose"/>).
/// </summary>
public abstract class VaultFileSystemDecorator : IVaultFileSystem
{
    /// <summary>Wraps <paramref name="inner"/>, which stays owned by the caller (disposing a layer leaves it open).</summary>
    protected VaultFileSystemDecorator(IVaultFileSystem inner) => Inner = inner;

    /// <summary>The wrapped filesystem.</summary>
    protected IVaultFileSystem Inner { get; }

    /// <inheritdoc/>
    public virtual void SetInvalidationSink(IInvalidationSink? sink) => Inner.SetInvalidationSink(sink);

    /// <inheritdoc/>
    public virtual void AnnounceChange(ulong parent, string name) => Inner.AnnounceChange(parent, name);

    /// <inheritdoc />
    public virtual void AnnounceContentChange(ulong inode) => Inner.AnnounceContentChange(inode);

    /// <inheritdoc/>
    public virtual Errno Lookup(ulong parent, string name, out NodeAttributes attributes) => Inner.Lookup(parent, name, out attributes);

    /// <inheritdoc/>
    public virtual void Forget(ulong inode, ulong count) => Inner.Forget(inode, count);

    /// <inheritdoc/>
    public virtual Errno GetAttributes(ulong inode, out NodeAttributes attributes) => Inner.GetAttributes(inode, out attributes);

    /// <inheritdoc/>
    public virtual Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes) =>
        Inner.SetAttributes(inode, request, handle, caller, out attributes);

    /// <inheritdoc/>
    public virtual Errno ReadLink(ulong inode, out string target) => Inner.ReadLink(inode, out target);

    /// <inheritdoc/>
    public virtual Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes) =>
        Inner.SymLink(parent, name, target, caller, out attributes);

    /// <inheritdoc/>
    public virtual Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes) =>
        Inner.MakeDirectory(parent, name, mode, caller, out attributes);

    /// <inheritdoc/>
    public virtual Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes) =>
        Inner.MakeNode(parent, name, mode, device, caller, out attributes);

    /// <inheritdoc/>
    public virtual Errno Unlink(ulong parent, string name) => Inner.Unlink(parent, name);

    /// <inheritdoc/>
    public virtual Errno RemoveDirectory(ulong parent, string name) => Inner.RemoveDirectory(parent, name);

    /// <inheritdoc/>
    public virtual Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags) =>
        Inner.Rename(parent, name, newParent, newName, flags);

    /// <inheritdoc/>
    public virtual Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes) =>
        Inner.Link(inode, newParent, newName, out attributes);

    /// <inheritdoc/>
    public virtual Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open) =>
        Inner.Create(parent, name, mode, flags, caller, out attributes, out open);

    /// <inheritdoc/>
    public virtual Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open) => Inner.Open(inode, flags, caller, out open);

    /// <inheritdoc/>
    public virtual Errno Read(ulong inode, ulong handle, long offset, Span<byte> buffer, out int bytesRead) =>
        Inner.Read(inode, handle, offset, buffer, out bytesRead);

    /// <inheritdoc/>
    public virtual BlockFileRange? ReadAsFileRange(ulong inode, ulong handle, long offset, int length) =>
        Inner.ReadAsFileRange(inode, handle, offset, length);

    /// <inheritdoc/>
    public virtual Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten) =>
        Inner.Write(inode, handle, offset, data, out bytesWritten);

    /// <inheritdoc/>
    public virtual Errno Flush(ulong inode, ulong handle) => Inner.Flush(inode, handle);

    /// <inheritdoc/>
    public virtual Errno Fsync(ulong inode, ulong handle, bool dataOnly) => Inner.Fsync(inode, handle, dataOnly);

    /// <inheritdoc/>
    public virtual Errno Release(ulong inode, ulong handle) => Inner.Release(inode, handle);

    /// <inheritdoc/>
    public virtual bool MayCacheListing(ulong inode) => Inner.MayCacheListing(inode);

    /// <inheritdoc/>
    public virtual Errno OpenDirectory(ulong inode, CallerContext caller, out ulong handle) => Inner.OpenDirectory(inode, caller, out handle);

    /// <inheritdoc/>
    public virtual Errno ReadDirectory(ulong inode, ulong handle, long cookie, bool plus, DirectoryEntrySink sink) =>
        Inner.ReadDirectory(inode, handle, cookie, plus, sink);

    /// <inheritdoc/>
    public virtual Errno FsyncDirectory(ulong inode, ulong handle) => Inner.FsyncDirectory(inode, handle);

    /// <inheritdoc/>
    public virtual Errno ReleaseDirectory(ulong inode, ulong handle) => Inner.ReleaseDirectory(inode, handle);

    /// <inheritdoc/>
    public virtual Errno GetStatistics(out FileSystemStatistics statistics) => Inner.GetStatistics(out statistics);

    /// <inheritdoc/>
    public virtual Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags) =>
        Inner.SetExtendedAttribute(inode, name, value, flags);

    /// <inheritdoc/>
    public virtual Errno GetExtendedAttribute(ulong inode, string name, out byte[] value) => Inner.GetExtendedAttribute(inode, name, out value);

    /// <inheritdoc/>
    public virtual Errno ListExtendedAttributes(ulong inode, out IReadOnlyList<string> names) => Inner.ListExtendedAttributes(inode, out names);

    /// <inheritdoc/>
    public virtual Errno RemoveExtendedAttribute(ulong inode, string name) => Inner.RemoveExtendedAttribute(inode, name);

    /// <inheritdoc/>
    public virtual Errno GetPath(ulong inode, out string path) => Inner.GetPath(inode, out path);

    /// <inheritdoc/>
    public virtual Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length) => Inner.Allocate(inode, handle, mode, offset, length);

    /// <inheritdoc/>
    public virtual Errno Seek(ulong inode, ulong handle, long offset, int whence, out long position) =>
        Inner.Seek(inode, handle, offset, whence, out position);

    /// <inheritdoc/>
    public virtual Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied) =>
        Inner.CopyRange(inodeIn, handleIn, offsetIn, inodeOut, handleOut, offsetOut, length, out copied);

    /// <inheritdoc/>
    public virtual void FlushAll() => Inner.FlushAll();

    /// <summary>Releases what the layer holds; the wrapped filesystem is left to its owner.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the layer holds (nothing, unless a layer overrides it).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
