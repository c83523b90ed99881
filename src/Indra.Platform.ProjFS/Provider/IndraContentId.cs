using System.Buffers.Binary;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// How Indra fills PRJ_PLACEHOLDER_VERSION_INFO (format 1).
/// <list type="bullet">
/// <item>ProviderID: byte 0 = format version (1), bytes 1–5 = ASCII "INDRA".</item>
/// <item>ContentID bytes 0–31: the artifact id (BLAKE3 of the file's bytes; for directories the tree id), or zeros
/// for generated files without an id; byte 32: kind (1 = artifact, 2 = generated); bytes 33–40: the inode number
/// (little-endian), which stays the same across renames, so GetFileData finds the content even under the path the
/// placeholder was created with (projfs.md §9.6 rule 34); for generated files bytes 41–48 and 49–56 hold the
/// modification time (ns) and size, so any change gives a new ContentID.</item>
/// </list>
/// </summary>
internal static class IndraContentId
{
    /// <summary>Bytes in an artifact id (BLAKE3 digest).</summary>
    public const int ArtifactIdLength = 32;

    /// <summary>The format version in ProviderID byte 0.</summary>
    public const byte FormatVersion = 1;

    private const byte KindArtifact = 1;
    private const byte KindGenerated = 2;

    /// <summary>ProviderID for format 1.</summary>
    public static ReadOnlySpan<byte> ProviderId => [FormatVersion, (byte)'I', (byte)'N', (byte)'D', (byte)'R', (byte)'A'];

    /// <summary>The version of a node that has an artifact id.</summary>
    public static PlaceholderVersion ForArtifact(ReadOnlySpan<byte> artifactId, ulong inode)
    {
        if (artifactId.Length != ArtifactIdLength)
        {
            throw new ArgumentException($"An artifact id is {ArtifactIdLength} bytes.", nameof(artifactId));
        }

        Span<byte> content = stackalloc byte[41];
        artifactId.CopyTo(content);
        content[32] = KindArtifact;
        BinaryPrimitives.WriteUInt64LittleEndian(content[33..], inode);
        return new PlaceholderVersion(ProviderId, content);
    }

    /// <summary>The version of a generated node (no artifact id, e.g. the files under .indra\).</summary>
    public static PlaceholderVersion ForGenerated(ulong inode, long modifyTimeNs, long size)
    {
        Span<byte> content = stackalloc byte[57];
        content[32] = KindGenerated;
        BinaryPrimitives.WriteUInt64LittleEndian(content[33..], inode);
        BinaryPrimitives.WriteInt64LittleEndian(content[41..], modifyTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(content[49..], size);
        return new PlaceholderVersion(ProviderId, content);
    }

    /// <summary>Reads a ContentID written by this format.</summary>
    /// <param name="version">The version ProjFS handed back.</param>
    /// <param name="inode">The inode the placeholder was made from.</param>
    /// <param name="artifactId">The artifact id, or null for a generated node.</param>
    /// <returns>False when the version is missing or not Indra format 1.</returns>
    public static bool TryRead(PlaceholderVersion? version, out ulong inode, out byte[]? artifactId)
    {
        inode = 0;
        artifactId = null;
        if (version is null || !version.ProviderId.AsSpan(0, ProviderId.Length).SequenceEqual(ProviderId))
        {
            return false;
        }

        var content = version.ContentId.AsSpan();
        inode = BinaryPrimitives.ReadUInt64LittleEndian(content[33..]);
        switch (content[32])
        {
            case KindArtifact:
                artifactId = content[..ArtifactIdLength].ToArray();
                return true;
            case KindGenerated:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Parses the value of the <c>user.indra.id</c> extended attribute: 64 hexadecimal characters (optionally followed
    /// by NUL or a newline) or 32 raw bytes.
    /// </summary>
    public static bool TryParseArtifactId(ReadOnlySpan<byte> xattrValue, out byte[] artifactId)
    {
        if (xattrValue.Length == ArtifactIdLength)
        {
            artifactId = xattrValue.ToArray();
            return true;
        }

        var trimmed = xattrValue.TrimEnd((byte)0).TrimEnd((byte)'\n');
        if (trimmed.Length == ArtifactIdLength * 2)
        {
            Span<char> hex = stackalloc char[ArtifactIdLength * 2];
            for (var i = 0; i < trimmed.Length; i++)
            {
                hex[i] = (char)trimmed[i];
            }

            var bytes = new byte[ArtifactIdLength];
            if (Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == ArtifactIdLength)
            {
                artifactId = bytes;
                return true;
            }

            artifactId = [];
            return false;
        }

        artifactId = [];
        return false;
    }
}
