namespace Indra.Storage.Metadata;

/// <summary>
/// Queued metadata writes failed to land (see <see cref="WriteBehindQueue"/>): reported to the owners of the writes
/// at their next fsync or close, and thrown by transactions while the queue is faulted. The cause is the
/// <see cref="Exception.InnerException"/>.
/// </summary>
internal sealed class WriteBehindException : IOException
{
    /// <summary>Wraps <paramref name="cause"/>, the failure of the batch.</summary>
    public WriteBehindException(Exception cause)
        : base($"queued metadata writes did not land: {cause.Message}", cause)
    {
        DiskFull = WriteBehindQueue.IsDiskFull(cause);
    }

    /// <summary>True when the disk holding the database was full (ENOSPC rather than EIO for the caller).</summary>
    public bool DiskFull { get; }
}
