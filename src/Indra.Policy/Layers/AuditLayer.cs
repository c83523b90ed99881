using System.Collections.Concurrent;
using System.Text;
using Indra.FileSystem;
using Indra.Policy.Audit;
using Microsoft.Extensions.Logging;

namespace Indra.Policy.Layers;

/// <summary>
/// Records every change that succeeds through the vault filesystem in the <see cref="AuditTrail"/>: create (files,
/// folders, links, special files), write (once per open handle that wrote, at its release, with the path it was opened at; a truncate at once), rename
/// (with the new path) and delete, each with the caller's uid, process name and pid, the path on the mount and the
/// artifact id (<c>user.indra.id</c>). A line that cannot be written is a warning in the log; the change stands.
/// </summary>
public sealed class AuditLayer : VaultFileSystemDecorator
{
    private const string IdAttribute = "user.indra.id";

    private readonly AuditTrail _trail;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    /// <summary>Who opened each writable handle and the file's path then, with the process name read at the open:
    /// the kernel sends the last close after close(2) returned, when the process may be gone and the file renamed.</summary>
    private readonly ConcurrentDictionary<ulong, (CallerContext Caller, string Process, string Path)> _openers = new();
    private readonly ConcurrentDictionary<ulong, byte> _written = new();

    /// <summary>Wraps <paramref name="inner"/>, appending to <paramref name="trail"/> with times from <paramref name="clock"/>.</summary>
    public AuditLayer(IVaultFileSystem inner, AuditTrail trail, TimeProvider clock, ILogger log)
        : base(inner)
    {
        _trail = trail;
        _clock = clock;
        _log = log;
    }

    private void Record(CallerContext? caller, string operation, string path, ulong inode, string? detail = null) =>
        Append(caller, operation, path, ArtifactOf(inode), detail);

    private string ArtifactOf(ulong inode) =>
        inode != 0 && Inner.GetExtendedAttribute(inode, IdAttribute, out var id) == Errno.None ? Encoding.UTF8.GetString(id) : "";

    private void Append(CallerContext? caller, string operation, string path, string artifact, string? detail = null, string? process = null)
    {
        var who = caller ?? RequestCaller.Current ?? CallerContext.Self;
        try
        {
            _trail.Append(new AuditRecord(_clock.GetUtcNow().UtcDateTime, who.Uid, process ?? AuditRecord.ProcessName(who.Pid), who.Pid, operation, path, artifact, detail));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("cannot write the audit trail {Path}: {Reason}", _trail.Path, e.Message);
        }
    }

    /// <summary>"/vault/a/b" for <paramref name="name"/> in <paramref name="parent"/>.</summary>
    private string PathOf(ulong parent, string name) =>
        Inner.GetPath(parent, out var folder) == Errno.None ? "/" + (folder.Length == 0 ? name : folder + "/" + name) : "?/" + name;

    private string PathOf(ulong inode) => Inner.GetPath(inode, out var path) == Errno.None ? "/" + path : "?";

    /// <inheritdoc/>
    public override Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes)
    {
        var result = base.SymLink(parent, name, target, caller, out attributes);
        if (result == Errno.None) Record(caller, "create", PathOf(parent, name), attributes.Inode, "symlink");
        return result;
    }

    /// <inheritdoc/>
    public override Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes)
    {
        var result = base.MakeDirectory(parent, name, mode, caller, out attributes);
        if (result == Errno.None) Record(caller, "create", PathOf(parent, name), attributes.Inode, "directory");
        return result;
    }

    /// <inheritdoc/>
    public override Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes)
    {
        var result = base.MakeNode(parent, name, mode, device, caller, out attributes);
        if (result == Errno.None) Record(caller, "create", PathOf(parent, name), attributes.Inode, EffectivePolicy.NodeTypeName(attributes.Kind));
        return result;
    }

    /// <inheritdoc/>
    public override Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes)
    {
        var result = base.Link(inode, newParent, newName, out attributes);
        if (result == Errno.None) Record(null, "create", PathOf(newParent, newName), inode, "hard link");
        return result;
    }

    /// <inheritdoc/>
    public override Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open)
    {
        var existed = Inner.Lookup(parent, name, out var existing) == Errno.None;
        if (existed) Inner.Forget(existing.Inode, 1);
        var result = base.Create(parent, name, mode, flags, caller, out attributes, out open);
        if (result != Errno.None) return result;
        if (!existed) Record(caller, "create", PathOf(parent, name), attributes.Inode, "file");
        if (OpenFlags.Writes(flags)) _openers[open.Handle] = (caller, AuditRecord.ProcessName(caller.Pid), PathOf(parent, name));
        if (existed && (flags & OpenFlags.Truncate) != 0) _written[open.Handle] = 0;
        return result;
    }

    /// <inheritdoc/>
    public override Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        var result = base.Open(inode, flags, caller, out open);
        if (result != Errno.None || !OpenFlags.Writes(flags)) return result;
        _openers[open.Handle] = (caller, AuditRecord.ProcessName(caller.Pid), PathOf(inode));
        if ((flags & OpenFlags.Truncate) != 0) _written[open.Handle] = 0;
        return result;
    }

    /// <inheritdoc/>
    public override Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        var result = base.Write(inode, handle, offset, data, out bytesWritten);
        if (result == Errno.None && bytesWritten > 0) _written[handle] = 0;
        return result;
    }

    /// <inheritdoc/>
    public override Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length)
    {
        var result = base.Allocate(inode, handle, mode, offset, length);
        if (result == Errno.None) _written[handle] = 0;
        return result;
    }

    /// <inheritdoc/>
    public override Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied)
    {
        var result = base.CopyRange(inodeIn, handleIn, offsetIn, inodeOut, handleOut, offsetOut, length, out copied);
        if (result == Errno.None && copied > 0) _written[handleOut] = 0;
        return result;
    }

    /// <inheritdoc/>
    public override Errno SetAttributes(ulong inode, in SetAttributesRequest request, ulong? handle, CallerContext caller, out NodeAttributes attributes)
    {
        var result = base.SetAttributes(inode, request, handle, caller, out attributes);
        if (result == Errno.None && (request.Fields & SetAttributeFields.Size) != 0) Record(caller, "write", PathOf(inode), inode, "truncate");
        return result;
    }

    /// <inheritdoc/>
    public override Errno Release(ulong inode, ulong handle)
    {
        var result = base.Release(inode, handle);
        var known = _openers.TryRemove(handle, out var opener);
        if (_written.TryRemove(handle, out _)) Append(known ? opener.Caller : null, "write", known ? opener.Path : PathOf(inode), ArtifactOf(inode), process: known ? opener.Process : null);
        return result;
    }

    /// <inheritdoc/>
    public override Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags)
    {
        var from = PathOf(parent, name);
        var result = base.Rename(parent, name, newParent, newName, flags);
        if (result != Errno.None) return result;
        var moved = Inner.Lookup(newParent, newName, out var attributes) == Errno.None;
        if (moved) Inner.Forget(attributes.Inode, 1);
        Record(null, "rename", from, moved ? attributes.Inode : 0, PathOf(newParent, newName));
        return result;
    }

    /// <inheritdoc/>
    public override Errno Unlink(ulong parent, string name) => Removed(parent, name, () => base.Unlink(parent, name));

    /// <inheritdoc/>
    public override Errno RemoveDirectory(ulong parent, string name) => Removed(parent, name, () => base.RemoveDirectory(parent, name));

    /// <summary>Runs a removal and records it with the id the node had before it went.</summary>
    private Errno Removed(ulong parent, string name, Func<Errno> remove)
    {
        var path = PathOf(parent, name);
        var artifact = "";
        if (Inner.Lookup(parent, name, out var attributes) == Errno.None)
        {
            artifact = ArtifactOf(attributes.Inode);
            Inner.Forget(attributes.Inode, 1);
        }
        var result = remove();
        if (result == Errno.None) Append(null, "delete", path, artifact);
        return result;
    }
}
