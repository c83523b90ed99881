using System.Text;

namespace Indra.Sharing;

/// <summary>'/'-separated relative paths as grants and views use them.</summary>
public static class SharePath
{
    /// <summary>Longest accepted path, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Normalizes a path relative to /vault: "docs/a.txt", "/docs/a.txt" and "docs//a.txt" are the same path; "" is
    /// the whole vault.
    /// </summary>
    /// <exception cref="SharingException">"." or ".." segments, NUL, or a segment over 255 bytes.</exception>
    public static string NormalizeVaultPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var s in segments)
        {
            if (!IsValidSegment(s)) throw new SharingException($"'{path}' is not a path inside the vault");
        }
        return string.Join('/', segments);
    }

    /// <summary>True for a usable file name: not empty, not "." or "..", no '/' or NUL, at most 255 bytes of UTF-8.</summary>
    public static bool IsValidSegment(string segment) =>
        segment.Length > 0 && segment is not "." and not ".." && !segment.Contains('/') && !segment.Contains('\0') && Encoding.UTF8.GetByteCount(segment) <= 255;

    /// <summary>True for a relative path of valid segments (no leading or trailing '/').</summary>
    public static bool IsValidRelative(string path) => path.Length is > 0 and <= MaxLength && path.Split('/').All(IsValidSegment);

    /// <summary>The parent of a relative path ("" for a top-level name).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The last segment of a relative path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
