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
internal sealed record FsckDocument(string Vault, bool Repair, long BlocksChecked, long BytesChecked, IReadOnlyList<FsckProblemEntry> Problems, int Repaired, int Left, bool Clean);

/// <summary>One problem of <see cref="FsckDocument"/>: its kind (FsckProblemKind's name), one line, whether repaired.</summary>
internal sealed record FsckProblemEntry(string Kind, string Description, bool Repaired);

/// <summary><c>indra gc --json</c> (docs/json-output.md, "gc").</summary>
internal sealed record GcDocument(string Vault, long BlocksRemoved, long BytesFreed);

/// <summary><c>indra hash --json</c> (docs/json-output.md, "hash").</summary>
internal sealed record HashDocument(IReadOnlyList<HashEntry> Files);

/// <summary>One file of <see cref="HashDocument"/>: its name as given, its BLAKE3 (null when it failed), its size
/// (bytes read; null when it failed) and the failure (null when hashed).</summary>
internal sealed record HashEntry(string File, string? Hash, long? Size, string? Error);
