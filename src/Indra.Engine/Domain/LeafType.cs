namespace Indra.Engine.Domain;

/// <summary>What kind of leaf artifact a file is (the indras-fuse design's LeafType ↔ MIME table).</summary>
public enum LeafType
{
    /// <summary>Text, video and anything else (the default).</summary>
    File,
    /// <summary>.jpg, .jpeg, .png, .gif, .webp, .svg.</summary>
    Image,
    /// <summary>.token: a token of gratitude.</summary>
    Token,
    /// <summary>.attestation: a humanness attestation.</summary>
    Attestation,
    /// <summary>Custom("symlink"): a symbolic link whose payload is its target.</summary>
    Symlink,
}
