namespace Indra.FileSystem.Nodes;

/// <summary>The readdir cookies every listing shares: "." then "..", then each entry's own cookie.</summary>
internal static class DirectoryCookies
{
    /// <summary>Cookie after "."; entries then use position + <see cref="FirstEntry"/>.</summary>
    public const long Dot = 1;

    /// <summary>Cookie after "..".</summary>
    public const long FirstEntry = 2;
}
