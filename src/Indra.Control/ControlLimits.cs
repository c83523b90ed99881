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

    /// <summary>Largest JSON request body the daemon reads, bytes (1 MiB); a larger one is answered 413, InvalidArgument.</summary>
    public const int MaxRequestBytes = 1 << 20;

    /// <summary>Largest file content one write request carries, bytes (64 GiB); a larger upload is cut off and answered
    /// InvalidArgument, the file keeping its old version.</summary>
    public const long MaxWriteBytes = 64L << 30;

    /// <summary>Most connections the daemon's control endpoint holds open at once; more wait in the listen backlog.</summary>
    public const int MaxConnections = 32;

    /// <summary>Longest a request other than a write, check or collection may run before it is answered Busy, seconds.</summary>
    public const int RequestTimeoutSeconds = 60;

    /// <summary>Most realm members, entries of a name list, in one request.</summary>
    public const int MaxMembers = 1024;

    // Heat ranking and the attention feed (indra heat, indra top; issue 18).

    /// <summary>Most attended nodes one heat ranking reads from the heat aggregate, hottest first, and most kept
    /// events it reads for last-access times.</summary>
    public const int MaxHeatScan = 100_000;
}
