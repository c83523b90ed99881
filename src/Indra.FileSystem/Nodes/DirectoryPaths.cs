using System.Diagnostics.CodeAnalysis;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// The attention paths of directories (<see cref="InodeTable.PathOf"/>), kept while no loaded node's parent or name
/// changes: every opendir records navigate_to with its directory's path, and a warm <c>find</c> or <c>git status</c>
/// opens every directory of a tree whose names stay put. Any change of any <see cref="Inode.Parent"/> or
/// <see cref="Inode.Name"/> (a rename, link, unlink, a name learnt from the vault tree) moves one process-wide
/// generation, and a generation other than the one the paths were made at drops them all. At most
/// <see cref="Capacity"/> paths are kept. Not thread-safe: the inode table uses it under its gate.
/// </summary>
internal sealed class DirectoryPaths
{
    /// <summary>Most paths kept; one more drops them all (a tree's directories, not its files, are what is kept).</summary>
    public const int Capacity = 4096;

    private static long _namesGeneration;

    private readonly Dictionary<long, string> _paths = new();
    private long _generation = -1;

    /// <summary>The current generation of names: take it before a walk and hand it to <see cref="Add"/>.</summary>
    public static long Generation => Volatile.Read(ref _namesGeneration);

    /// <summary>Paths kept now.</summary>
    public int Count => _paths.Count;

    /// <summary>Some loaded node's parent or name changed: every path made before is stale.</summary>
    public static void NamesChanged() => Interlocked.Increment(ref _namesGeneration);

    /// <summary>The path of directory <paramref name="inode"/> made at <paramref name="generation"/>, if kept.</summary>
    public bool TryGet(long inode, long generation, [MaybeNullWhen(false)] out string path)
    {
        if (generation != _generation)
        {
            _paths.Clear();
            _generation = generation;
            path = null;
            return false;
        }
        return _paths.TryGetValue(inode, out path);
    }

    /// <summary>
    /// Keeps <paramref name="path"/> of directory <paramref name="inode"/>, walked from names of
    /// <paramref name="generation"/>; nothing when a name changed since (the walk itself may learn one).
    /// </summary>
    public void Add(long inode, string path, long generation)
    {
        if (generation != _generation || generation != Generation) return;
        if (_paths.Count >= Capacity) _paths.Clear();
        _paths[inode] = path;
    }
}
