using Indra.FileSystem;

namespace Indra.Control.Service.Items;

/// <summary>
/// Walks control paths through <see cref="IVaultFileSystem.Lookup"/> as the kernel would, and gives back every lookup
/// reference it took when disposed (<see cref="IVaultFileSystem.Forget"/>), so a request leaves the inode table as it
/// found it.
/// </summary>
internal sealed class LookupScope(IVaultFileSystem fileSystem) : IDisposable
{
    private readonly List<ulong> _taken = [];

    /// <summary>The inode of <paramref name="path"/> and its attributes.</summary>
    /// <exception cref="VaultControlException">NotFound, or the error the lookup met.</exception>
    public (ulong Inode, NodeAttributes Attributes) Resolve(ControlPath path)
    {
        var inode = path.Top;
        ErrnoKinds.Check(fileSystem.GetAttributes(inode, out var attributes), path, "reach");
        foreach (var segment in path.Segments)
        {
            ErrnoKinds.Check(fileSystem.Lookup(inode, segment, out attributes), path, "reach");
            _taken.Add(attributes.Inode);
            inode = attributes.Inode;
        }
        return (inode, attributes);
    }

    /// <summary>Looks up <paramref name="name"/> in folder <paramref name="parent"/>; null when it does not exist.</summary>
    public NodeAttributes? Find(ulong parent, string name, ControlPath path)
    {
        var errno = fileSystem.Lookup(parent, name, out var attributes);
        if (errno == Errno.ENOENT) return null;
        ErrnoKinds.Check(errno, path, "reach");
        _taken.Add(attributes.Inode);
        return attributes;
    }

    /// <summary>Records a lookup reference a create took (<see cref="IVaultFileSystem.Create"/>, MakeDirectory, SymLink, MakeNode).</summary>
    public void Took(ulong inode) => _taken.Add(inode);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var inode in _taken) fileSystem.Forget(inode, 1);
        _taken.Clear();
    }
}
