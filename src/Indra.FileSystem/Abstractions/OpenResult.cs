namespace Indra.FileSystem;

/// <summary>The outcome of a successful open or create.</summary>
/// <param name="Handle">Opaque file handle to pass to read, write, flush, fsync and release.</param>
/// <param name="KeepCache">True when the kernel's cached pages for this inode are still valid (same content id as
/// when they were cached): FUSE <c>keep_cache</c>.</param>
/// <param name="DirectIo">True when the page cache must be bypassed (generated virtual files): FUSE <c>direct_io</c>.</param>
public readonly record struct OpenResult(ulong Handle, bool KeepCache, bool DirectIo);
