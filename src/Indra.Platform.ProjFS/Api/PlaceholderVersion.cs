namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_PLACEHOLDER_VERSION_INFO in managed form: a 128-byte provider id and a 128-byte content id that ProjFS stores
/// with a placeholder and hands back in later callbacks (projfs.md §2.4). Shorter inputs are zero-padded.
/// </summary>
public sealed class PlaceholderVersion
{
    /// <summary>PRJ_PLACEHOLDER_ID_LENGTH: bytes in each id.</summary>
    public const int IdLength = 128;

    /// <summary>Creates a version; each id is copied and zero-padded to <see cref="IdLength"/> bytes.</summary>
    /// <param name="providerId">At most 128 bytes.</param>
    /// <param name="contentId">At most 128 bytes.</param>
    /// <exception cref="ArgumentException">An id is longer than 128 bytes.</exception>
    public PlaceholderVersion(ReadOnlySpan<byte> providerId, ReadOnlySpan<byte> contentId)
    {
        ProviderId = Pad(providerId, nameof(providerId));
        ContentId = Pad(contentId, nameof(contentId));
    }

    /// <summary>An all-zero version (what ProjFS assumes when none is given).</summary>
    public static PlaceholderVersion Empty { get; } = new([], []);

    /// <summary>The provider's own identifier, exactly 128 bytes.</summary>
    public byte[] ProviderId { get; }

    /// <summary>Identifies the version of the item's content and metadata, exactly 128 bytes.</summary>
    public byte[] ContentId { get; }

    /// <summary>True when both ids are byte-for-byte equal (what PrjUpdateFileIfNeeded compares).</summary>
    public bool SameAs(PlaceholderVersion? other) =>
        other is not null && ProviderId.AsSpan().SequenceEqual(other.ProviderId) && ContentId.AsSpan().SequenceEqual(other.ContentId);

    private static byte[] Pad(ReadOnlySpan<byte> id, string name)
    {
        if (id.Length > IdLength)
        {
            throw new ArgumentException($"A placeholder id is at most {IdLength} bytes.", name);
        }

        var padded = new byte[IdLength];
        id.CopyTo(padded);
        return padded;
    }
}
