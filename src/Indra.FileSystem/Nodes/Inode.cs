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
/// One is kept per node the kernel holds, so the record is kept small (issue 15: bytes per cached inode): the content
/// gate is the object itself, and what only opened or written files need (staged writes, the page cache's id) lives
/// in a side record allocated on first use (<see cref="ActiveState"/>).
/// </remarks>
internal sealed class Inode
{
    private ActiveState? _active;

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

    /// <summary>Directories: the loaded references, or null until first needed.</summary>
    public DirectoryIndex? Children { get; set; }

    /// <summary>Files and symlinks: the committed content, or null until first needed.</summary>
    public LeafVersion? Content { get; set; }

    /// <summary>Files: writes not yet committed, or null.</summary>
    public StagedContent? Staged
    {
        get => _active?.Staged;
        set
        {
            if (value is null && _active is null) return;
            (_active ??= new ActiveState()).Staged = value;
        }
    }

    /// <summary>The content id the kernel's page cache was filled from (keep_cache is safe while it is unchanged).</summary>
    public ArtifactId? PageCacheId
    {
        get => _active?.PageCacheId;
        set
        {
            if (value is null && _active is null) return;
            (_active ??= new ActiveState()).PageCacheId = value;
        }
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

    /// <summary>What only an opened or written file needs; allocated on first use and kept while the inode is loaded.</summary>
    private sealed class ActiveState
    {
        public StagedContent? Staged;
        public ArtifactId? PageCacheId;
    }
}
