using Indra.Engine.Domain;

namespace Indra.FileSystem;

/// <summary>Which read-only view a shared path belongs to.</summary>
public enum ShareScope
{
    /// <summary>MOUNT/peers/NAME/: what peer NAME granted us.</summary>
    Peer,
    /// <summary>MOUNT/realms/NAME/: what every member of realm NAME can access.</summary>
    Realm,
}

/// <summary>One entry of a shared view (a file or folder someone granted us).</summary>
/// <param name="Name">Its name in its folder.</param>
/// <param name="IsDirectory">Folder (tree artifact) or file (leaf artifact).</param>
/// <param name="Size">Size in bytes (0 for folders).</param>
/// <param name="ArtifactId">Leaf id (BLAKE3 of the bytes) or tree id.</param>
/// <param name="ModifiedNs">Last modification, UTC nanoseconds since the Unix epoch.</param>
/// <param name="AccessMode">The grant's mode: "Revocable", "Permanent", "Timed" or "Transfer".</param>
/// <param name="Steward">The steward's player id.</param>
/// <param name="ExpiresNs">Timed grants: expiry, UTC ns since the Unix epoch; else 0.</param>
public sealed record SharedEntry(string Name, bool IsDirectory, long Size, ArtifactId ArtifactId, long ModifiedNs, string AccessMode, PlayerId Steward, long ExpiresNs = 0);

/// <summary>
/// The source of the read-only /peers and /realms views (DESIGN.md §3). The vault filesystem asks it on every listing,
/// lookup and open, so what it returns must reflect grants as they stand (a recalled or expired grant is simply
/// absent). A view names only content that is present locally; an open file reads the version it opened
/// (<see cref="Open"/>), whose blocks stay until it is disposed. Paths are '/'-separated and relative to the view's
/// top ("" is the top of peer or realm NAME). Implementations are thread-safe and never throw for a missing path
/// (null / empty / -1 instead).
/// </summary>
public interface ISharedViews
{
    /// <summary>The peer names (for <see cref="ShareScope.Peer"/>) or realm names, in listing order.</summary>
    IReadOnlyList<string> Names(ShareScope scope);

    /// <summary>The entries of a shared folder, in listing order; empty when it does not exist.</summary>
    IReadOnlyList<SharedEntry> List(ShareScope scope, string name, string relativePath);

    /// <summary>One shared entry, or null when it does not exist (never granted, recalled or expired).</summary>
    SharedEntry? Get(ShareScope scope, string name, string relativePath);

    /// <summary>
    /// Opens a shared file at its current version and pins that version (<see cref="ISharedFile"/>): a reader that
    /// reads in several calls (every FUSE read is at most 128 KiB) must read through one open file, so that it gets the
    /// bytes of one version only, never a mix of two when the peer's version changes in between, and never EIO because
    /// the old version's blocks were collected. Returns null when the path does not exist, is a folder or has expired.
    /// Dispose the result to release the pin.
    /// </summary>
    ISharedFile? Open(ShareScope scope, string name, string relativePath);

    /// <summary>
    /// Reads a shared file's bytes at <paramref name="offset"/> from the version current at this call; returns bytes
    /// read (fewer only at end of file), or -1 when the file is gone. Successive calls may read different versions:
    /// read a file in several calls through <see cref="Open"/> instead.
    /// </summary>
    /// <exception cref="IOException">The bytes are not available locally and cannot be fetched (peer offline and not synced).</exception>
    int Read(ShareScope scope, string name, string relativePath, long offset, Span<byte> buffer);

    /// <summary>Raised after a view changed: (scope, name, relativePath of the changed entry or folder).</summary>
    event Action<ShareScope, string, string>? Changed;
}
