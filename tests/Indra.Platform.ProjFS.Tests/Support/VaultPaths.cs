using System.Text;
using Indra.FileSystem;

namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>Direct, path-based access to a vault filesystem ("another route" than the ProjFS host), for seeding and checking.</summary>
public sealed class VaultPaths(IVaultFileSystem fileSystem)
{
    /// <summary>The inode at a '/'-separated mount path, or null.</summary>
    public ulong? Find(string path)
    {
        var inode = ReservedInodes.Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (fileSystem.Lookup(inode, part, out var attributes) != Errno.None)
            {
                return null;
            }

            fileSystem.Forget(attributes.Inode, 1);
            inode = attributes.Inode;
        }

        return inode;
    }

    /// <summary>True when the path exists.</summary>
    public bool Exists(string path) => Find(path) is not null;

    /// <summary>Makes a directory and its parents.</summary>
    public ulong MakeDirectory(string path)
    {
        var inode = ReservedInodes.Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (fileSystem.Lookup(inode, part, out var attributes) != Errno.None)
            {
                Check(fileSystem.MakeDirectory(inode, part, 0x1ED, CallerContext.Self, out attributes), $"mkdir {path}");
            }

            fileSystem.Forget(attributes.Inode, 1);
            inode = attributes.Inode;
        }

        return inode;
    }

    /// <summary>Writes (creating or replacing) a file.</summary>
    public ulong WriteFile(string path, byte[] content)
    {
        var cut = path.LastIndexOf('/');
        var parent = MakeDirectory(path[..cut]);
        var name = path[(cut + 1)..];
        ulong inode;
        OpenResult open;
        if (fileSystem.Lookup(parent, name, out var attributes) == Errno.None)
        {
            fileSystem.Forget(attributes.Inode, 1);
            inode = attributes.Inode;
            Check(fileSystem.Open(inode, OpenFlags.WriteOnly | OpenFlags.Truncate, CallerContext.Self, out open), $"open {path}");
        }
        else
        {
            Check(fileSystem.Create(parent, name, 0x1A4, OpenFlags.WriteOnly | OpenFlags.Create, CallerContext.Self, out attributes, out open), $"create {path}");
            fileSystem.Forget(attributes.Inode, 1);
            inode = attributes.Inode;
        }

        Check(fileSystem.Write(inode, open.Handle, 0, content, out var written), $"write {path}");
        Assert.That(written, Is.EqualTo(content.Length));
        Check(fileSystem.Release(inode, open.Handle), $"release {path}");
        return inode;
    }

    /// <summary>Writes a text file.</summary>
    public ulong WriteFile(string path, string text) => WriteFile(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Reads a whole file.</summary>
    public byte[] ReadFile(string path)
    {
        var inode = Find(path) ?? throw new AssertionException($"{path} is not in the vault");
        Check(fileSystem.Open(inode, OpenFlags.ReadOnly, CallerContext.Self, out var open), $"open {path}");
        using var content = new MemoryStream();
        var buffer = new byte[65536];
        long offset = 0;
        while (true)
        {
            Check(fileSystem.Read(inode, open.Handle, offset, buffer, out var read), $"read {path}");
            if (read == 0)
            {
                break;
            }

            content.Write(buffer, 0, read);
            offset += read;
        }

        fileSystem.Release(inode, open.Handle);
        return content.ToArray();
    }

    /// <summary>Reads a text file.</summary>
    public string ReadText(string path) => Encoding.UTF8.GetString(ReadFile(path));

    /// <summary>The artifact id (user.indra.id, hex) of a path.</summary>
    public string ArtifactId(string path)
    {
        var inode = Find(path) ?? throw new AssertionException($"{path} is not in the vault");
        Check(fileSystem.GetExtendedAttribute(inode, "user.indra.id", out var value), $"getxattr {path}");
        return Encoding.ASCII.GetString(value).TrimEnd('\0', '\n');
    }

    /// <summary>The names in a directory.</summary>
    public IReadOnlyList<string> List(string path)
    {
        var inode = Find(path) ?? throw new AssertionException($"{path} is not in the vault");
        Check(fileSystem.OpenDirectory(inode, CallerContext.Self, out var handle), $"opendir {path}");
        var names = new List<string>();
        fileSystem.ReadDirectory(inode, handle, 0, false, (in DirectoryEntry e) =>
        {
            if (e.Name is not "." and not "..")
            {
                names.Add(e.Name);
            }

            return true;
        });
        fileSystem.ReleaseDirectory(inode, handle);
        return names;
    }

    private static void Check(Errno errno, string what)
    {
        if (errno != Errno.None)
        {
            throw new AssertionException($"{what}: {errno}");
        }
    }
}
