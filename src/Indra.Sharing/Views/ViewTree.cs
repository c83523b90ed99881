using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Sharing.Views;

/// <summary>The files and folders of one peer view or realm view, by relative path ("" is the top).</summary>
internal sealed class ViewTree
{
    internal ViewTree(string name, PlayerId steward, long modifiedNs, ContentBlocks anyStore)
    {
        Nodes[""] = new ViewNode(new SharedEntry(name, true, 0, default, modifiedNs, "Revocable", steward), [], anyStore);
    }

    /// <summary>Nodes by path.</summary>
    internal Dictionary<string, ViewNode> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a node under its parent; false (nothing added) when the parent is missing or the path is taken.</summary>
    internal bool Add(string path, ViewNode node)
    {
        if (Nodes.ContainsKey(path) || !Nodes.TryGetValue(SharePath.Parent(path), out var parent) || !parent.Entry.IsDirectory) return false;
        Nodes[path] = node;
        parent.Children.Add(SharePath.Name(path));
        return true;
    }
}
