namespace Indra.FileSystem;

/// <summary>
/// Told by the vault filesystem when something changed underneath the platform's caches (a change that did not come
/// through the platform host itself, e.g. from a peer or the CLI). The FUSE host forwards these to
/// <c>fuse_lowlevel_notify_inval_inode</c>/<c>_inval_entry</c> from a background thread; the ProjFS host updates
/// clean placeholders. Implementations must not block and must not call back into the filesystem synchronously.
/// </summary>
public interface IInvalidationSink
{
    /// <summary>The attributes and content of <paramref name="inode"/> changed.</summary>
    void InvalidateInode(ulong inode);

    /// <summary>The name <paramref name="name"/> in directory <paramref name="parent"/> appeared, disappeared or now refers elsewhere.</summary>
    void InvalidateEntry(ulong parent, string name);
}
