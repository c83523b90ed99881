using Indra.Engine.Attention;
using Indra.Engine.Domain;
using Indra.Storage.Metadata;

namespace Indra.Engine.Vaults;

/// <summary>Records the attention events of moving through a vault (DESIGN §5): navigate_to at open, navigate_back at close.</summary>
public static class NavigationEvents
{
    /// <summary>
    /// Records one navigation event of the vault's player, stamped now by the vault's clock (<see cref="Vault.ClockNs"/>);
    /// it is batched by the attention recorder (<see cref="Vault.Attention"/>).
    /// </summary>
    /// <param name="vault">The vault whose player moved.</param>
    /// <param name="kind">navigate_to or navigate_back.</param>
    /// <param name="inode">The node opened or left.</param>
    /// <param name="artifact">What the player moved to: the node's artifact (navigate_to) or the tree it was reached through (navigate_back).</param>
    /// <param name="from">Where the player came from: that tree (navigate_to) or the node's artifact (navigate_back).</param>
    /// <param name="path">The node's path ("vault/…"), "" when unknown.</param>
    /// <param name="dwellMs">navigate_back: milliseconds the node was open; 0 otherwise.</param>
    public static void RecordNavigation(this Vault vault, AttentionKind kind, long inode, ArtifactId artifact, ArtifactId from, string path, long dwellMs)
    {
        ArgumentNullException.ThrowIfNull(vault);
        vault.Attention.Record(new AttentionRecord(vault.ClockNs(), (int)kind, vault.Player.Hash, inode, artifact.Hash, from.Hash, path, dwellMs));
    }
}
