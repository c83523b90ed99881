using System.Text;
using Indra.FileSystem;

namespace Indra.Control.Service.Items;

/// <summary>
/// A vault path of the control API taken apart: the tree it lives in (the vault, or the read-only /peers and /realms
/// views) and its segments. "" and "/" are the vault's root; a leading or trailing '/' is ignored; "peers" and "realms"
/// as the first segment name the shared views (a vault folder of that name is reached through the mount only).
/// </summary>
/// <param name="Text">The normalized path: segments joined by '/', no leading '/' ("" for the root).</param>
/// <param name="Top">The inode the segments start from: /vault, /peers or /realms.</param>
/// <param name="Segments">The names under <paramref name="Top"/>.</param>
internal sealed record ControlPath(string Text, ulong Top, IReadOnlyList<string> Segments)
{
    /// <summary>True for the read-only shared views (/peers, /realms).</summary>
    public bool IsShared => Top != ReservedInodes.Vault;

    /// <summary>The path relative to the mount root, as attention events record it ("vault/a/b").</summary>
    public string MountPath => (Top == ReservedInodes.Vault ? "vault" : "") + (Segments.Count == 0 ? "" : (Top == ReservedInodes.Vault ? "/" : "") + Text);

    /// <summary>The last segment, "" for a top.</summary>
    public string Name => Segments.Count == 0 ? (IsShared ? Text : "") : Segments[^1];

    /// <summary>The parent folder's path; the vault root for a top-level name.</summary>
    public ControlPath Parent => Segments.Count == 0
        ? this
        : new(Join(Top, Segments.Take(Segments.Count - 1)), Top, Segments.Take(Segments.Count - 1).ToList());

    /// <summary>The path of <paramref name="name"/> in this folder.</summary>
    public ControlPath Child(string name) => new(Join(Top, Segments.Append(name)), Top, Segments.Append(name).ToList());

    /// <summary>Parses <paramref name="path"/>.</summary>
    /// <exception cref="VaultControlException">InvalidArgument: too long, an empty, "." or ".." segment, or a NUL.</exception>
    public static ControlPath Parse(string? path)
    {
        path ??= "";
        if (Encoding.UTF8.GetByteCount(path) > ControlLimits.MaxPathBytes) throw Invalid($"the path is longer than {ControlLimits.MaxPathBytes} bytes");
        if (path.Contains('\0', StringComparison.Ordinal)) throw Invalid("the path contains a NUL character");
        var trimmed = path.Trim('/');
        var segments = trimmed.Length == 0 ? [] : trimmed.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0) throw Invalid($"'{path}' has an empty segment");
            if (segment is "." or "..") throw Invalid($"'{path}' has a '{segment}' segment: give the path without it");
            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes) throw Invalid($"'{segment}' is longer than {MaxNameBytes} bytes");
        }
        if (segments.Length > 0 && segments[0] is "peers" or "realms")
        {
            var top = segments[0] == "peers" ? ReservedInodes.Peers : ReservedInodes.Realms;
            return new(string.Join('/', segments), top, segments[1..]);
        }
        return new(string.Join('/', segments), ReservedInodes.Vault, segments);
    }

    /// <summary>Longest name of one segment, bytes of UTF-8 (NAME_MAX).</summary>
    public const int MaxNameBytes = 255;

    private static string Join(ulong top, IEnumerable<string> segments)
    {
        var prefix = top == ReservedInodes.Peers ? "peers" : top == ReservedInodes.Realms ? "realms" : null;
        var rest = string.Join('/', segments);
        return prefix is null ? rest : rest.Length == 0 ? prefix : prefix + "/" + rest;
    }

    private static VaultControlException Invalid(string message) => new(ControlErrorKind.InvalidArgument, message);
}
