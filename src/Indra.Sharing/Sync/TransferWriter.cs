using System.Text;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>
/// Writes artifacts into our own /vault through the vault filesystem's inode calls, and removes them: the two halves of
/// a transfer grant. Names are looked up one at a time and a symlink is never followed (looking up under one fails),
/// so neither half reaches outside the vault. Every change is announced to the platform host
/// (<see cref="IVaultFileSystem.AnnounceChange"/>), so a mount shows it at once.
/// </summary>
internal static class TransferWriter
{
    /// <summary>Longest path (bytes of UTF-8, below /vault) a received entry may land at, staging or final: PATH_MAX less its NUL.</summary>
    internal const int MaxPathBytes = 4095;

    /// <summary>Prefix of the hidden folder a transfer is written into before it is renamed into place.</summary>
    internal const string StagingPrefix = ".indra-transfer-";

    /// <summary>
    /// Writes a transferred file or folder (entries root first, paths starting with the root's name) into
    /// /vault/<paramref name="folder"/>/ under a free name. It is written under a hidden staging name
    /// (<see cref="StagingPrefix"/>) and renamed into place once complete, so nobody sees a half-written transfer; on
    /// any failure the staging is removed before the exception leaves.
    /// </summary>
    /// <returns>Where it landed, relative to /vault.</returns>
    /// <exception cref="SharingException">The filesystem refused a step, an entry's folder is a file, or a path is
    /// longer than <see cref="MaxPathBytes"/>.</exception>
    internal static string Write(IVaultFileSystem fs, string folder, IReadOnlyList<ReceivedEntry> entries, ContentBlocks blocks)
    {
        var caller = CallerContext.Self;
        var parent = EnsureDirectory(fs, ReservedInodes.Vault, folder, caller);
        var root = entries[0];
        var staging = StagingPrefix + Guid.NewGuid().ToString("N");
        var longest = entries.Max(e => Encoding.UTF8.GetByteCount(e.Path)) - Encoding.UTF8.GetByteCount(root.Path);
        var landing = Encoding.UTF8.GetByteCount(folder) + 1 + Math.Max(Encoding.UTF8.GetByteCount(staging), Encoding.UTF8.GetByteCount(root.Path) + 6) + longest;
        var looked = new List<ulong>();
        var started = false;
        try
        {
            if (landing > MaxPathBytes) throw new SharingException($"a path of {PeerText.Bound(root.Path, 64)} would be {landing} bytes long under /vault/{folder}: over the {MaxPathBytes}-byte limit");
            var inodes = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var relative = staging + entry.Path[root.Path.Length..];
                ulong parentInode = parent;
                if (entry != root && !inodes.TryGetValue(SharePath.Parent(relative), out parentInode))
                    throw new SharingException($"{PeerText.Bound(entry.Path[root.Path.Length..], 256)}: its parent is a file, not a folder");
                var name = SharePath.Name(relative);
                started = true;
                if (entry.IsDirectory)
                {
                    Check(fs.MakeDirectory(parentInode, name, 0x1ED, caller, out var attributes), entry, "mkdir");
                    looked.Add(attributes.Inode);
                    inodes[relative] = attributes.Inode;
                    continue;
                }
                Check(fs.Create(parentInode, name, 0x1A4, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive, caller, out var created, out var open), entry, "create");
                looked.Add(created.Inode);
                try
                {
                    WriteContent(fs, created.Inode, open.Handle, entry, blocks);
                    Check(fs.Flush(created.Inode, open.Handle), entry, "flush");
                }
                finally
                {
                    fs.Release(created.Inode, open.Handle);
                }
            }
            for (var n = 1; ; n++)
            {
                var label = ReceivedContent.Label(root.Path, n);
                var result = fs.Rename(parent, staging, parent, label, RenameFlags.NoReplace);
                if (result == Errno.EEXIST) continue;
                Check(result, root, "rename into place");
                fs.AnnounceChange(parent, label);
                return folder + "/" + label;
            }
        }
        catch (Exception e) when (started)
        {
            var left = RemoveStaging(fs, parent, staging);
            if (left is not null) throw new SharingException($"{e.Message}; its staging folder /vault/{folder}/{staging} could not be removed: {left}", e);
            throw;
        }
        finally
        {
            foreach (var inode in looked) fs.Forget(inode, 1);
            if (parent != ReservedInodes.Vault) fs.Forget(parent, 1);
        }
    }

    /// <summary>Removes a failed transfer's staging folder (or file); the reason it could not, or null.</summary>
    private static string? RemoveStaging(IVaultFileSystem fs, ulong parent, string staging)
    {
        try
        {
            RemoveEntry(fs, parent, staging);
            return null;
        }
        catch (SharingException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Removes the file or folder at <paramref name="vaultPath"/> (relative to /vault) and everything under it, looking
    /// each name up in its folder: a path whose folders are not all folders (a symlink among them) removes nothing.
    /// </summary>
    /// <returns>False when it was already gone (or its path passes through something other than a folder).</returns>
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
                // A symlink (or file) where a folder was is not followed: what it points at is not ours to remove.
                if (attributes.Kind != NodeKind.Directory) return false;
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
                fs.AnnounceChange(parent, name);
                return true;
            }
            foreach (var child in ListNames(fs, attributes.Inode)) RemoveEntry(fs, attributes.Inode, child);
        }
        finally
        {
            fs.Forget(attributes.Inode, 1);
        }
        Check(fs.RemoveDirectory(parent, name), $"rmdir {name}");
        fs.AnnounceChange(parent, name);
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
        fs.AnnounceChange(parent, name);
        return attributes.Inode;
    }

    private static void WriteContent(IVaultFileSystem fs, ulong inode, ulong handle, ReceivedEntry entry, ContentBlocks blocks)
    {
        long offset = 0;
        ReceivedContent.Stream(entry, blocks, PeerText.Bound(entry.Path), (buffer, n) =>
        {
            Check(fs.Write(inode, handle, offset, buffer.AsSpan(0, n), out var written), entry, "write");
            if (written != n) throw new SharingException($"short write to {PeerText.Bound(entry.Path)}");
            offset += n;
        });
    }

    private static void Check(Errno result, ReceivedEntry entry, string what)
    {
        if (result != Errno.None) throw new SharingException($"{what} {PeerText.Bound(entry.Path)}: {result}");
    }

    private static void Check(Errno result, string what)
    {
        if (result != Errno.None) throw new SharingException($"{what}: {result}");
    }
}
