namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// How long the kernel may trust what the host told it, in seconds. Changes made through the mount update the
/// kernel's caches by themselves; changes made underneath (peers, the CLI) reach it through
/// <see cref="FuseMountSession"/>'s invalidation queue, so these only bound staleness when an invalidation is missed.
/// </summary>
internal static class FuseTimeouts
{
    /// <summary>Attribute validity (<c>attr_timeout</c>, <c>fuse_reply_attr</c>).</summary>
    public const double Attributes = 30.0;

    /// <summary>Name validity (<c>entry_timeout</c>) of a positive lookup.</summary>
    public const double Entry = 30.0;

    /// <summary>
    /// Validity of a negative lookup: ENOENT is answered as an entry with <c>ino = 0</c>, which the kernel caches
    /// as a negative dentry for this long (<c>fuse_lowlevel.h</c>, struct fuse_entry_param). Repeated probes for
    /// missing files (shells walking PATH, git, compilers) then stop at the kernel; a name created underneath is
    /// announced with <c>notify_inval_entry</c>, which also drops negative dentries.
    /// </summary>
    public const double NegativeEntry = 10.0;
}
