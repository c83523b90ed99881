using System.Runtime.CompilerServices;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem.Staging;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// A vault node loaded in memory: its state (authoritative while loaded, written through to the vault tree on every
/// change), the kernel's lookup count, open handles, and for directories the index of references; for files
/// the current content version and any staged writes.
/// </summary>
/// <remarks>
/// One is kept per node the kernel holds, so it is kept small (issue 15: bytes per cached inode, 80 on x64): the
/// content gate is the object itself; a directory's index and a file's content share one field (a node is one or the
/// other); the page cache's id is kept as the <see cref="LeafVersion"/> it was filled from when that is at hand (no
/// allocation), boxed otherwise.
/// </remarks>
internal sealed class Inode
{
    /// <summary>A directory's <see cref="DirectoryIndex"/> or another node's <see cref="LeafVersion"/>, or null.</summary>
    private object? _payload;

    /// <summary>The page cache's id: a <see cref="LeafVersion"/> holding it, a <see cref="StrongBox{T}"/>, or null.</summary>
    private object? _pageCache;

    public Inode(VaultNode record) => Record = record;

    /// <summary>
    /// Serializes content operations (read of staged data, write, truncate, commit) on this inode. It is the inode
    /// itself: nothing else locks an <see cref="Inode"/>, and a separate lock object would cost 24 bytes per node.
    /// </summary>
    public object ContentGate => this;

    public VaultNode Record { get; set; }

    public long Number => Record.Inode;

    public NodeKind Kind => Record.Kind;

    /// <summary>Lookup references held by the kernel (FUSE lookup count).</summary>
    public long LookupCount { get; set; }

    /// <summary>Open file or directory handles.</summary>
    public int OpenCount { get; set; }

    /// <summary>True once the last reference naming it is gone; deleted when lookups and handles reach zero.</summary>
    public bool Unlinked { get; set; }

    /// <summary>The parent tree of the most recent name this node was reached through (0 when unknown).</summary>
    public long Parent { get; set; }

    /// <summary>That name (the directory index's own string where it came from there, so a name is kept once).</summary>
    public string Name { get; set; } = "";

    /// <summary>Directories: the loaded references, or null until first needed. Setting it on another node does nothing.</summary>
    public DirectoryIndex? Children
    {
        get => _payload as DirectoryIndex;
        set
        {
            if (Kind != NodeKind.Directory) return;
            _payload = value;
        }
    }

    /// <summary>Files and symlinks: the committed content, or null until first needed. Setting it on a directory does nothing.</summary>
    public LeafVersion? Content
    {
        get => _payload as LeafVersion;
        set
        {
            if (Kind == NodeKind.Directory) return;
            _payload = value;
        }
    }

    /// <summary>Files: writes not yet committed, or null.</summary>
    public StagedContent? Staged { get; set; }

    /// <summary>The content id the kernel's page cache was filled from (keep_cache is safe while it is unchanged).</summary>
    public ArtifactId? PageCacheId
    {
        get => _pageCache switch
        {
            LeafVersion version => new ArtifactId(version.Id),
            StrongBox<ArtifactId> box => box.Value,
            _ => null,
        };
        set => _pageCache = value switch
        {
            null => null,
            { } id when Content is { } content && content.Id == id.Hash => content,
            { } id => new StrongBox<ArtifactId>(id),
        };
    }

    public bool IsIdle => LookupCount <= 0 && OpenCount <= 0 && Staged is null;

    /// <summary>The committed content of a file or symlink, loading its block list from <paramref name="store"/> on first use.</summary>
    public LeafVersion Committed(ContentStore store)
    {
        var content = Content;
        if (content is not null && content.Id == Record.ArtifactId.Hash) return content;
        content = store.Load(Record.ArtifactId.Hash, Record.Size);
        Content = content;
        return content;
    }
}
