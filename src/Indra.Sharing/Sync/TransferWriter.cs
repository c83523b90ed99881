using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>
/// Writes artifacts into our own /vault through the vault filesystem (so inodes, caches and attention stay coherent),
/// and removes them: the two halves of a transfer grant.
/// </summary>
internal static class TransferWriter
{
    /// <summary>
    /// Writes a transferred file or folder (entries root first, paths starting with the root's name) into
    /// /vault/<paramref name="folder"/>/ under a free name.
    /// </summary>
    /// <returns>Where it landed, relative to /vault.</returns>
    /// <exception cref="SharingException">The filesystem refused a step.</exception>
    internal static string Write(IVaultFileSystem fs, string folder, IReadOnlyList<ReceivedEntry> entries, ContentBlocks blocks)
    {
        var caller = CallerContext.Self;
        var parent = EnsureDirectory(fs, ReservedInodes.Vault, folder, caller);
        var root = entries[0];
        var label = root.Path;
        for (var n = 2; fs.Lookup(parent, label, out var taken) == Errno.None; n++)
        {
            fs.Forget(taken.Inode, 1);
            label = ReceivedContent.Label(root.Path, n);
        }
        var inodes = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var looked = new List<ulong>();
        try
        {
            foreach (var entry in entries)
            {
                var relative = label + entry.Path[root.Path.Length..];
                var parentInode = entry == root ? parent : inodes[SharePath.Parent(relative)];
                var name = SharePath.Name(relative);
                if (entry.IsDirectory)
                {
                    Check(fs.MakeDirectory(parentInode, name, 0x1ED, caller, out var attributes), $"mkdir {relative}");
                    looked.Add(attributes.Inode);
                    inodes[relative] = attributes.Inode;
                    continue;
                }
                Check(fs.Create(parentInode, name, 0x1A4, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive, caller, out var created, out var open), $"create {relative}");
                looked.Add(created.Inode);
                try
                {
                    WriteContent(fs, created.Inode, open.Handle, entry, blocks, relative);
                    Check(fs.Flush(created.Inode, open.Handle), $"flush {relative}");
                }
                finally
                {
                    fs.Release(created.Inode, open.Handle);
                }
            }
        }
        finally
        {
            foreach (var inode in looked) fs.Forget(inode, 1);
            if (parent != ReservedInodes.Vault) fs.Forget(parent, 1);
        }
        return folder + "/" + label;
    }

    /// <summary>Removes the file or folder at <paramref name="vaultPath"/> (relative to /vault) and everything under it.</summary>
    /// <returns>False when it was already gone.</returns>
    internal static bool Remove(IVaultFileSystem fs, string vaultPath)
    {
        var segments = vaultPath.Split('/');
        var parent = ReservedInodes.Vault;
        var looked = new List<ulong>();
        try
        {
            foreach (var segment in segments[..^1])
            {
                if (fs.Lookup(parent, segment, out var attributes) != Errno.None) return false;
                looked.Add(attributes.Inode);
                parent = attributes.Inode;
            }
            return RemoveEntry(fs, parent, segments[^1]);
        }
        finally
        {
            foreach (var inode in looked) fs.Forget(inode, 1);
        }
    }

    private static bool RemoveEntry(IVaultFileSystem fs, ulong parent, string name)
    {
        if (fs.Lookup(parent, name, out var attributes) != Errno.None) return false;
        try
        {
            if (attributes.Kind != NodeKind.Directory)
            {
                Check(fs.Unlink(parent, name), $"unlink {name}");
                return true;
            }
            foreach (var child in ListNames(fs, attributes.Inode)) RemoveEntry(fs, attributes.Inode, child);
        }
        finally
        {
            fs.Forget(attributes.Inode, 1);
        }
        Check(fs.RemoveDirectory(parent, name), $"rmdir {name}");
        return true;
    }

    private static List<string> ListNames(IVaultFileSystem fs, ulong directory)
    {
        Check(fs.OpenDirectory(directory, CallerContext.Self, out var handle), "opendir");
        var names = new List<string>();
        try
        {
            Check(fs.ReadDirectory(directory, handle, 0, false, (in DirectoryEntry e) =>
            {
                if (e.Name is not "." and not "..") names.Add(e.Name);
                return true;
            }), "readdir");
        }
        finally
        {
            fs.ReleaseDirectory(directory, handle);
        }
        return names;
    }

    private static ulong EnsureDirectory(IVaultFileSystem fs, ulong parent, string name, CallerContext caller)
    {
        if (fs.Lookup(parent, name, out var attributes) == Errno.None)
        {
            if (attributes.Kind == NodeKind.Directory) return attributes.Inode;
            fs.Forget(attributes.Inode, 1);
            throw new SharingException($"/vault/{name} exists and is not a folder: cannot receive transfers there");
        }
        Check(fs.MakeDirectory(parent, name, 0x1ED, caller, out attributes), $"mkdir {name}");
        return attributes.Inode;
    }

    private static void WriteContent(IVaultFileSystem fs, ulong inode, ulong handle, ReceivedEntry entry, ContentBlocks blocks, string relative)
    {
        long offset = 0;
        ReceivedContent.Stream(entry, blocks, relative, (buffer, n) =>
        {
            Check(fs.Write(inode, handle, offset, buffer.AsSpan(0, n), out var written), $"write {relative}");
            if (written != n) throw new SharingException($"short write to {relative}");
            offset += n;
        });
    }

    private static void Check(Errno result, string what)
    {
        if (result != Errno.None) throw new SharingException($"{what}: {result}");
    }
}
