using System.Collections.Concurrent;

namespace Indra.FileSystem.Virtual;

/// <summary>
/// Inode numbers for the entries of shared views, allocated on first sight from a range above the generated files and
/// kept for the life of the mount so the kernel's cached dentries stay valid.
/// </summary>
internal sealed class SharedNodeTable
{
    private const ulong First = ReservedInodes.FirstVirtual + 1_000_000;
    private readonly ConcurrentDictionary<(ShareScope, string, string), SharedNode> _byPath = new();
    private readonly ConcurrentDictionary<ulong, SharedNode> _byInode = new();
    private long _next = (long)First;

    public static bool InRange(ulong inode) => inode >= First;

    public SharedNode For(ShareScope scope, string name, string path) =>
        _byPath.GetOrAdd((scope, name, path), key =>
        {
            var node = new SharedNode((ulong)Interlocked.Increment(ref _next), key.Item1, key.Item2, key.Item3);
            _byInode[node.Inode] = node;
            return node;
        });

    public SharedNode? Get(ulong inode) => _byInode.GetValueOrDefault(inode);

    public SharedNode? Find(ShareScope scope, string name, string path) => _byPath.GetValueOrDefault((scope, name, path));
}
