using System.Text;
using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>Changes made "underneath" the mount (as a peer or the CLI would), which the kernel learns only through invalidation.</summary>
internal sealed partial class MemoryFileSystem
{
    /// <summary>The inode at a '/'-separated path below the root, or 0.</summary>
    public ulong Resolve(string path)
    {
        lock (_gate)
        {
            ulong current = ReservedInodes.Root;
            foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!_nodes[current].Children.TryGetValue(part, out var child))
                {
                    return 0;
                }
                current = child.Inode;
            }
            return current;
        }
    }

    /// <summary>
    /// Replaces a file's content without going through the mount. With <paramref name="keepModifyTime"/> (and the
    /// same length) the kernel cannot notice on its own: attribute refreshes see nothing new, so only an explicit
    /// invalidation drops its cached pages.
    /// </summary>
    public void ReplaceContentUnderneath(ulong inode, string content, bool keepModifyTime = false)
    {
        lock (_gate)
        {
            var node = _nodes[inode];
            byte[] bytes = Encoding.UTF8.GetBytes(content);
            node.SetLength(0);
            node.SetLength(bytes.Length);
            bytes.CopyTo(node.Data, 0);
            if (!keepModifyTime)
            {
                node.ModifyTimeNs = node.ChangeTimeNs = NowNs();
            }
        }
    }

    /// <summary>Creates a file without going through the mount (no lookup reference is taken).</summary>
    public ulong CreateUnderneath(ulong parent, string name, string content)
    {
        lock (_gate)
        {
            var node = NewNode(FileModes.Regular | 0x1A4 /* 0644 */, parent, CallerContext.Self);
            AddChild(_nodes[parent], name, node.Inode);
            byte[] bytes = Encoding.UTF8.GetBytes(content);
            node.SetLength(bytes.Length);
            bytes.CopyTo(node.Data, 0);
            return node.Inode;
        }
    }
}
