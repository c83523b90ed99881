using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>What the emulated kernel knows about one item that is on disk (or tombstoned).</summary>
public sealed class EmulatedItem
{
    /// <summary>Relative path with the stored casing, '\'-separated; "" is the root.</summary>
    public required string Path { get; set; }

    /// <summary>True for a directory.</summary>
    public required bool IsDirectory { get; init; }

    /// <summary>The cache state.</summary>
    public EmulatedItemState State { get; set; }

    /// <summary>Metadata (times, attributes) changed locally.</summary>
    public bool DirtyMetadata { get; set; }

    /// <summary>Size the provider reported for a placeholder, in bytes.</summary>
    public long FileSize { get; set; }

    /// <summary>FILE_ATTRIBUTE_* bits.</summary>
    public uint FileAttributes { get; set; }

    /// <summary>The provider's version (content id) stored with a placeholder.</summary>
    public PlaceholderVersion? Version { get; set; }

    /// <summary>The path the placeholder was created under: GetFileData keeps using it after renames (rule 34).</summary>
    public string OriginalPath { get; set; } = string.Empty;

    /// <summary>The data stream id passed to GetFileData.</summary>
    public Guid DataStreamId { get; set; } = Guid.NewGuid();

    /// <summary>A GetFileData for this file is in progress (other readers wait for it).</summary>
    public bool Hydrating { get; set; }

    /// <summary>Open application handles.</summary>
    public int OpenHandles { get; set; }

    /// <summary>A notification mask the provider set for this file; lasts until the last handle closes.</summary>
    public PrjNotifyTypes? MaskOverride { get; set; }

    /// <summary>A copy for tests.</summary>
    public EmulatedItem Snapshot() => (EmulatedItem)MemberwiseClone();
}
