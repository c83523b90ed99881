namespace Indra.FileSystem;

/// <summary>
/// The process whose request the current thread is serving, for the layers around the vault filesystem whose
/// operation carries no <see cref="CallerContext"/> (unlink, rmdir, rename, link, write): the audit trail names who
/// did each change. The FUSE host sets it at the start of every request on the thread that serves it (requests are
/// served synchronously, one per thread at a time); threads that serve no request (the sharing service) read null.
/// </summary>
public static class RequestCaller
{
    [ThreadStatic]
    private static CallerContext? _current;

    /// <summary>The caller of the request being served on this thread, or null when the thread serves none.</summary>
    public static CallerContext? Current
    {
        get => _current;
        set => _current = value;
    }
}
