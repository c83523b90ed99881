using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

internal sealed partial class MemoryFileSystem
{
    public Errno SetExtendedAttribute(ulong inode, string name, ReadOnlySpan<byte> value, XattrFlags flags)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            if (!name.StartsWith("user.", StringComparison.Ordinal))
            {
                return Errno.EOPNOTSUPP;
            }
            bool exists = node.Xattrs.ContainsKey(name);
            if (flags.HasFlag(XattrFlags.Create) && exists)
            {
                return Errno.EEXIST;
            }
            if (flags.HasFlag(XattrFlags.Replace) && !exists)
            {
                return Errno.ENODATA;
            }
            node.Xattrs[name] = value.ToArray();
            return Errno.None;
        }
    }

    /// <summary>How many getxattr requests asked for <paramref name="name"/> so far.</summary>
    public int XattrReads(string name)
    {
        lock (_gate)
        {
            return _xattrReads.GetValueOrDefault(name);
        }
    }

    public Errno GetExtendedAttribute(ulong inode, string name, out byte[] value)
    {
        lock (_gate)
        {
            _xattrReads[name] = _xattrReads.GetValueOrDefault(name) + 1;
            value = [];
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            if (!node.Xattrs.TryGetValue(name, out var stored))
            {
                return Errno.ENODATA;
            }
            value = stored;
            return Errno.None;
        }
    }

    public Errno ListExtendedAttributes(ulong inode, out IReadOnlyList<string> names)
    {
        lock (_gate)
        {
            names = [];
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            names = [.. node.Xattrs.Keys.Order(StringComparer.Ordinal)];
            return Errno.None;
        }
    }

    public Errno RemoveExtendedAttribute(ulong inode, string name)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            return node.Xattrs.Remove(name) ? Errno.None : Errno.ENODATA;
        }
    }
}
