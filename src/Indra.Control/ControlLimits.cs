namespace Indra.Control;

/// <summary>Bounds every implementation enforces (a larger request is <see cref="ControlErrorKind.InvalidArgument"/>).</summary>
public static class ControlLimits
{
    /// <summary>The control API version this library speaks; a daemon answering another major version is refused.</summary>
    public const int Version = 1;

    /// <summary>Largest read in one request, bytes (1 MiB).</summary>
    public const int MaxChunkBytes = 1 << 20;

    /// <summary>Most items in one heat, attention or listing answer page.</summary>
    public const int MaxListItems = 10_000;

    /// <summary>Longest vault path accepted, bytes of UTF-8 (PATH_MAX).</summary>
    public const int MaxPathBytes = 4096;
}
