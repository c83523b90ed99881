using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

internal sealed partial class MemoryFileSystem
{
    public Errno MakeDirectory(ulong parent, string name, uint mode, CallerContext caller, out NodeAttributes attributes)
    {
        lock (_gate)
        {
            attributes = default;
            Errno check = WritableDirectory(parent, name, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            if (directory.Children.ContainsKey(name))
            {
                return Errno.EEXIST;
            }
            var node = NewNode(FileModes.Directory | (mode & FileModes.PermissionMask), parent, caller);
            AddChild(directory, name, node.Inode);
            attributes = Counted(node);
            return Errno.None;
        }
    }

    public Errno MakeNode(ulong parent, string name, uint mode, ulong device, CallerContext caller, out NodeAttributes attributes)
    {
        lock (_gate)
        {
            attributes = default;
            Errno check = WritableDirectory(parent, name, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            if (FileModes.TryKindOf(mode) is not { } kind || !kind.IsSpecial())
            {
                return Errno.EINVAL;
            }
            if (directory.Children.ContainsKey(name))
            {
                return Errno.EEXIST;
            }
            var node = NewNode(mode & (FileModes.TypeMask | FileModes.PermissionMask), parent, caller);
            node.Device = kind is NodeKind.CharacterDevice or NodeKind.BlockDevice ? device : 0;
            AddChild(directory, name, node.Inode);
            attributes = Counted(node);
            return Errno.None;
        }
    }

    public Errno SymLink(ulong parent, string name, string target, CallerContext caller, out NodeAttributes attributes)
    {
        lock (_gate)
        {
            attributes = default;
            Errno check = WritableDirectory(parent, name, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            if (directory.Children.ContainsKey(name))
            {
                return Errno.EEXIST;
            }
            var node = NewNode(FileModes.Symlink | 0x1FF /* 0777 */, parent, caller);
            node.Target = target;
            AddChild(directory, name, node.Inode);
            attributes = Counted(node);
            return Errno.None;
        }
    }

    public Errno ReadLink(ulong inode, out string target)
    {
        lock (_gate)
        {
            target = string.Empty;
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            if (!node.IsSymlink)
            {
                return Errno.EINVAL;
            }
            target = node.Target ?? string.Empty;
            return Errno.None;
        }
    }

    public Errno Unlink(ulong parent, string name)
    {
        lock (_gate)
        {
            Errno check = WritableDirectory(parent, name, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            if (!directory.Children.TryGetValue(name, out var child))
            {
                return Errno.ENOENT;
            }
            var node = _nodes[child.Inode];
            if (node.IsDirectory)
            {
                return Errno.EISDIR;
            }
            directory.Children.Remove(name);
            node.Links--;
            node.ChangeTimeNs = directory.ModifyTimeNs = NowNs();
            return Errno.None;
        }
    }

    public Errno RemoveDirectory(ulong parent, string name)
    {
        lock (_gate)
        {
            Errno check = WritableDirectory(parent, name, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            if (!directory.Children.TryGetValue(name, out var child))
            {
                return Errno.ENOENT;
            }
            var node = _nodes[child.Inode];
            if (!node.IsDirectory)
            {
                return Errno.ENOTDIR;
            }
            if (node.Children.Count > 0)
            {
                return Errno.ENOTEMPTY;
            }
            directory.Children.Remove(name);
            directory.ModifyTimeNs = NowNs();
            return Errno.None;
        }
    }

    public Errno Rename(ulong parent, string name, ulong newParent, string newName, RenameFlags flags)
    {
        lock (_gate)
        {
            if ((flags & ~RenameFlags.NoReplace) != 0)
            {
                return Errno.EINVAL;
            }
            Errno check = WritableDirectory(parent, name, out var from);
            if (check == Errno.None)
            {
                check = WritableDirectory(newParent, newName, out _);
            }
            if (check != Errno.None)
            {
                return check;
            }
            var to = _nodes[newParent];
            if (!from.Children.TryGetValue(name, out var moving))
            {
                return Errno.ENOENT;
            }
            if (to.Children.TryGetValue(newName, out var replaced))
            {
                if (flags.HasFlag(RenameFlags.NoReplace))
                {
                    return Errno.EEXIST;
                }
                if (replaced.Inode == moving.Inode)
                {
                    return Errno.None;
                }
                var victim = _nodes[replaced.Inode];
                bool movingIsDirectory = _nodes[moving.Inode].IsDirectory;
                if (victim.IsDirectory && !movingIsDirectory)
                {
                    return Errno.EISDIR;
                }
                if (!victim.IsDirectory && movingIsDirectory)
                {
                    return Errno.ENOTDIR;
                }
                if (victim.IsDirectory && victim.Children.Count > 0)
                {
                    return Errno.ENOTEMPTY;
                }
                victim.Links--;
                to.Children.Remove(newName);
            }
            from.Children.Remove(name);
            AddChild(to, newName, moving.Inode);
            _nodes[moving.Inode].Parent = newParent;
            _nodes[moving.Inode].ChangeTimeNs = NowNs();
            return Errno.None;
        }
    }

    public Errno Link(ulong inode, ulong newParent, string newName, out NodeAttributes attributes)
    {
        lock (_gate)
        {
            attributes = default;
            Errno check = WritableDirectory(newParent, newName, out var directory);
            if (check != Errno.None)
            {
                return check;
            }
            if (!_nodes.TryGetValue(inode, out var node))
            {
                return Errno.ENOENT;
            }
            if (node.IsDirectory)
            {
                return Errno.EPERM;
            }
            if (directory.Children.ContainsKey(newName))
            {
                return Errno.EEXIST;
            }
            AddChild(directory, newName, inode);
            node.Links++;
            node.ChangeTimeNs = NowNs();
            attributes = Counted(node);
            return Errno.None;
        }
    }
}
