using System.Text.Json.Serialization;

namespace Indra.Control.Service.Dashboard;

/// <summary>
/// One tile of the dashboard's treemap: a folder or a file of the vault with its size (bytes; a folder's is the sum
/// of the files under it) and heat (a file's from the heat aggregate, a folder's the sum of its files' heat, so a
/// folder is as hot as the attention its files got). Folders carry their children, largest first.
/// </summary>
/// <param name="Name">The entry's name ("" for the vault's root).</param>
/// <param name="Path">Its vault path ('/'-separated, "" for the root).</param>
/// <param name="Folder">True for a folder.</param>
internal sealed class TreemapNode(string Name, string Path, bool Folder)
{
    /// <summary>The entry's name.</summary>
    public string Name { get; } = Name;

    /// <summary>Its vault path.</summary>
    public string Path { get; } = Path;

    /// <summary>True for a folder.</summary>
    public bool Folder { get; } = Folder;

    /// <summary>Bytes: the file's size, or the sum over the folder's files.</summary>
    public long Size { get; set; }

    /// <summary>Heat: the file's, or the sum over the folder's files.</summary>
    public double Heat { get; set; }

    /// <summary>Files under a folder (1 for a file).</summary>
    public long Files { get; set; }

    /// <summary>Files under a folder left out of <see cref="Children"/> (over the node limit): counted in its size and heat only.</summary>
    public long Omitted { get; set; }

    /// <summary>A folder's entries, largest first; null for a file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<TreemapNode>? Children { get; } = Folder ? [] : null;
}
