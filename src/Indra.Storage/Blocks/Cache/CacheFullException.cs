namespace Indra.Storage.Blocks.Cache;

/// <summary>
/// A block cache refused a write because it is full of blocks not yet uploaded (the remote store is unreachable, or
/// uploads did not free room in time). It carries the OS's disk-full code as its <see cref="Exception.HResult"/>
/// (ENOSPC on Linux and macOS, the HRESULT of ERROR_DISK_FULL on Windows), so that every layer that recognises a full
/// local disk from that code (the filesystem layer's <c>DiskFull</c>, the metadata queue's <c>IsDiskFull</c>) answers
/// ENOSPC for it too.
/// </summary>
public sealed class CacheFullException : IOException
{
    private const int Enospc = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CacheFullException(string message) : base(message, OperatingSystem.IsWindows() ? WindowsDiskFull : Enospc)
    {
    }
}
