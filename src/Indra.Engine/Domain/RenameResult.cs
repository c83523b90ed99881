namespace Indra.Engine.Domain;

/// <summary>What <see cref="Vaults.VaultTree.RenameReference"/> did.</summary>
/// <param name="Moved">The reference at its new place.</param>
/// <param name="Replaced">The node whose reference the move replaced (its link count already lowered), or null.</param>
public sealed record RenameResult(ArtifactRef Moved, VaultNode? Replaced);
