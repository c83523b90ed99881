namespace Indra.Engine.Domain;

/// <summary>A directory as an artifact (DESIGN §2).</summary>
/// <param name="Id">The tree's stable id.</param>
/// <param name="Type">What kind of tree it is.</param>
/// <param name="Steward">The player who owns it.</param>
/// <param name="Audience">The players granted read access to it (empty: only the steward).</param>
/// <param name="References">Its entries in listing order (ascending <see cref="ArtifactRef.Position"/>).</param>
public sealed record TreeArtifact(ArtifactId Id, TreeType Type, PlayerId Steward, IReadOnlyList<PlayerId> Audience, IReadOnlyList<ArtifactRef> References);
