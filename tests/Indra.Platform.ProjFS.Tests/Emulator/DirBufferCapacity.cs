namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>How much one GetDirectoryEnumeration buffer holds: whole entries, or a byte budget (104 + 2 bytes per name character, 8-aligned, as FILE_ID_BOTH_DIR_INFORMATION).</summary>
/// <param name="Entries">Maximum entries, or null.</param>
/// <param name="Bytes">Maximum bytes, or null.</param>
public readonly record struct DirBufferCapacity(int? Entries, int? Bytes)
{
    /// <summary>No limit.</summary>
    public static DirBufferCapacity Unlimited => new(null, null);

    /// <summary>At most <paramref name="count"/> entries.</summary>
    public static DirBufferCapacity OfEntries(int count) => new(count, null);

    /// <summary>At most <paramref name="bytes"/> bytes.</summary>
    public static DirBufferCapacity OfBytes(int bytes) => new(null, bytes);

    /// <summary>Bytes one entry takes.</summary>
    public static int EntrySize(string name) => (104 + (2 * name.Length) + 7) & ~7;

    /// <summary>Twice as big.</summary>
    public DirBufferCapacity Grow() => new(Entries is { } e ? e * 2 : null, Bytes is { } b ? b * 2 : null);
}
