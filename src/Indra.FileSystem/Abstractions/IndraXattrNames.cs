namespace Indra.FileSystem;

/// <summary>
/// The names of the extended attributes the vault generates for every node (DESIGN.md §3: <c>getfattr -d -m user.indra</c>
/// on the mount shows them): read-only except a folder's tree type.
/// </summary>
public static class IndraXattrNames
{
    /// <summary>The artifact id: 64 lowercase hex digits (a file's is the BLAKE3 of its bytes, as <c>b3sum</c> prints).</summary>
    public const string Id = "user.indra.id";

    /// <summary>Heat now, a decimal number.</summary>
    public const string Heat = "user.indra.heat";

    /// <summary>The steward (owner) player id, hex.</summary>
    public const string Steward = "user.indra.steward";

    /// <summary>A folder's TreeType (settable).</summary>
    public const string TreeType = "user.indra.tree_type";

    /// <summary>A file's LeafType.</summary>
    public const string LeafType = "user.indra.leaf_type";

    /// <summary>Under peers/ and realms/: the grant's AccessMode.</summary>
    public const string AccessMode = "user.indra.access_mode";
}
