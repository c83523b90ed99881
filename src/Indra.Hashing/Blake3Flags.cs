namespace Indra.Hashing;

/// <summary>
/// Domain-separation flags, the compression input <c>d</c> (paper §2.2, table "Admissible values for input d").
/// </summary>
internal static class Blake3Flags
{
    /// <summary>Set on the first block of every chunk.</summary>
    public const uint ChunkStart = 1 << 0;

    /// <summary>Set on the last block of every chunk.</summary>
    public const uint ChunkEnd = 1 << 1;

    /// <summary>Set on every parent-node compression.</summary>
    public const uint Parent = 1 << 2;

    /// <summary>Set on the root compression(s) that produce output.</summary>
    public const uint Root = 1 << 3;

    /// <summary>Set on every compression in keyed_hash mode.</summary>
    public const uint KeyedHash = 1 << 4;

    /// <summary>Set on every compression of the context string in derive_key mode.</summary>
    public const uint DeriveKeyContext = 1 << 5;

    /// <summary>Set on every compression of the key material in derive_key mode.</summary>
    public const uint DeriveKeyMaterial = 1 << 6;
}
