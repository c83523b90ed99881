namespace Indra.Engine.Domain;

/// <summary>A file as an artifact (DESIGN §2).</summary>
/// <param name="Id">BLAKE3 of the file's bytes (<c>b3sum FILE</c>).</param>
/// <param name="Size">Bytes.</param>
/// <param name="Type">What kind of leaf it is.</param>
/// <param name="Steward">The player who owns it (the vault's player for everything in /vault).</param>
/// <param name="Created">Creation time, UTC.</param>
/// <param name="Modified">Last modification, UTC.</param>
public sealed record LeafArtifact(ArtifactId Id, long Size, LeafType Type, PlayerId Steward, DateTimeOffset Created, DateTimeOffset Modified);
