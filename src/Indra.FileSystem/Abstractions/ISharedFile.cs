namespace Indra.FileSystem;

/// <summary>
/// One open shared-view file, pinned to the version it was opened at (<see cref="ISharedViews.Open"/>): every read
/// returns bytes of that one version, whatever the peer changes meanwhile, and the blocks of that version are kept
/// (never collected) until the file is disposed. Close-to-open, as NFS: listings, lookups and attributes keep
/// showing the current version; a reader who opens again sees the newest. Thread-safe; dispose once when done.
/// </summary>
public interface ISharedFile : IDisposable
{
    /// <summary>The entry as it was at open: its <see cref="SharedEntry.Size"/> (bytes) and <see cref="SharedEntry.ArtifactId"/> are those of the pinned version.</summary>
    SharedEntry Entry { get; }

    /// <summary>
    /// Reads the pinned version's bytes at <paramref name="offset"/> (bytes from the start); returns bytes read (fewer
    /// only at end of file, 0 at or past it), or -1 when the file is gone from its view (its grant recalled or expired:
    /// an open file does not outlast access).
    /// </summary>
    /// <exception cref="IOException">The bytes are not available locally (a store damaged underneath the pin).</exception>
    /// <exception cref="ObjectDisposedException">The file was disposed.</exception>
    int Read(long offset, Span<byte> buffer);
}
