namespace Indra.Engine.Domain;

/// <summary>One node met by <see cref="Vaults.VaultTree.Walk"/>.</summary>
/// <param name="Path">Path below the walk's root, '/'-separated ("" for the root itself).</param>
/// <param name="Depth">0 for the root, 1 for its entries, and so on.</param>
/// <param name="Node">The node.</param>
public sealed record WalkEntry(string Path, int Depth, VaultNode Node);
