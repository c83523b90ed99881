namespace Indra.Cli.Terminal.Documents;

/// <summary><c>indra fsck --json</c> (docs/json-output.md, "fsck").</summary>
/// <param name="Vault">The vault directory.</param>
/// <param name="Repair">Whether --repair was given.</param>
/// <param name="BlocksChecked">Blocks re-hashed.</param>
/// <param name="BytesChecked">Their bytes.</param>
/// <param name="Problems">Every problem found, repaired or not.</param>
/// <param name="Repaired">How many were repaired.</param>
/// <param name="Left">How many are left (the exit code is 1 when any is).</param>
/// <param name="Clean">True when none is left.</param>
/// <param name="ObjectStore">What the listing of the object store found, or null when the vault's blocks are local.</param>
internal sealed record FsckDocument(string Vault, bool Repair, long BlocksChecked, long BytesChecked, IReadOnlyList<FsckProblemEntry> Problems, int Repaired, int Left, bool Clean,
    FsckObjectStoreEntry? ObjectStore = null);

/// <summary>The object store part of <see cref="FsckDocument"/>: the store, what its listing held, and the problems found in it by kind.</summary>
/// <param name="Location">s3://BUCKET/PREFIX.</param>
/// <param name="Objects">Block objects listed.</param>
/// <param name="Bytes">Their bytes as stored.</param>
/// <param name="Queued">Blocks waiting in the cache for upload (checked there).</param>
/// <param name="Missing">Referenced blocks in neither the store nor the upload queue.</param>
/// <param name="Corrupt">Objects whose bytes do not hash to their key (or, sealed, do not authenticate).</param>
/// <param name="Unreferenced">Objects no file uses (gc's to delete).</param>
internal sealed record FsckObjectStoreEntry(string Location, long Objects, long Bytes, long Queued, int Missing, int Corrupt, int Unreferenced);

/// <summary>One problem of <see cref="FsckDocument"/>: its kind (FsckProblemKind's name), one line, whether repaired.</summary>
internal sealed record FsckProblemEntry(string Kind, string Description, bool Repaired);

/// <summary><c>indra gc --json</c> (docs/json-output.md, "gc").</summary>
internal sealed record GcDocument(string Vault, long BlocksRemoved, long BytesFreed);

/// <summary><c>indra hash --json</c> (docs/json-output.md, "hash").</summary>
internal sealed record HashDocument(IReadOnlyList<HashEntry> Files);

/// <summary>One file of <see cref="HashDocument"/>: its name as given, its BLAKE3 (null when it failed), its size
/// (bytes read; null when it failed) and the failure (null when hashed).</summary>
internal sealed record HashEntry(string File, string? Hash, long? Size, string? Error);
