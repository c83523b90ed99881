using Indra.Engine.Attention;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;

namespace Indra.FileSystem.Nodes;

/// <summary>Records the attention events of moving through the vault: navigate_to at open, navigate_back at release.</summary>
internal sealed class NavigationTrail
{
    private readonly Vault _vault;
    private readonly InodeTable _inodes;

    public NavigationTrail(Vault vault, InodeTable inodes)
    {
        _vault = vault;
        _inodes = inodes;
    }

    /// <summary>navigate_to <paramref name="node"/> (showing <paramref name="artifact"/>) from the tree it was reached through.</summary>
    public void To(Inode node, ArtifactId artifact, string path) =>
        Record(AttentionKind.NavigateTo, node, artifact, _inodes.ParentArtifact(node), path, 0);

    /// <summary>navigate_back from <paramref name="node"/> to its tree after <paramref name="dwellMs"/> milliseconds open.</summary>
    public void Back(Inode node, string path, long dwellMs) =>
        Record(AttentionKind.NavigateBack, node, _inodes.ParentArtifact(node), node.Record.ArtifactId, path, dwellMs);

    /// <summary>Records one event of the vault's player, stamped now by the vault's clock.</summary>
    private void Record(AttentionKind kind, Inode node, ArtifactId artifact, ArtifactId from, string path, long dwellMs) =>
        _vault.Attention.Record(new AttentionEvent(_vault.ClockNs(), kind, _vault.Player, node.Number, artifact, from, path, dwellMs));
}
