namespace Indra.FileSystem;

/// <summary>
/// A platform host: translates one OS's native filesystem requests into <see cref="IVaultFileSystem"/> calls and
/// nothing else (FUSE on Linux and macOS, ProjFS on Windows). The composition root picks one through dependency
/// injection.
/// </summary>
public interface IPlatformHost
{
    /// <summary>Short name shown to users ("fuse", "projfs").</summary>
    string Name { get; }

    /// <summary>
    /// Whether this host can mount on this machine right now. When it cannot, <paramref name="reason"/> is one line
    /// that tells the user what to do (e.g. install fuse3, enable the Client-ProjFS optional feature).
    /// </summary>
    bool IsAvailable(out string reason);

    /// <summary>
    /// Mounts <paramref name="fileSystem"/> at <paramref name="options"/>' mount point and returns once the mount is
    /// live and serving.
    /// </summary>
    /// <exception cref="MountException">The mount point is missing, already mounted, not empty when it must be, or the
    /// platform refused; the message is one line for the user.</exception>
    IMountSession Mount(IVaultFileSystem fileSystem, MountOptions options);
}

/// <summary>Options for <see cref="IPlatformHost.Mount"/>.</summary>
/// <param name="MountPoint">Absolute path of the directory (FUSE) or virtualization root (ProjFS).</param>
/// <param name="AllowOther">Let users other than the mounting one access the mount (FUSE allow_other).</param>
/// <param name="Debug">Log every request.</param>
/// <param name="MaxThreads">Upper bound of worker threads serving requests.</param>
/// <param name="Devices">Let character and block device nodes in the vault be opened (mount option <c>dev</c>, root
/// only, as on ext4); by default the mount is <c>nodev</c> (libfuse's default): the nodes exist but open gives EACCES.</param>
/// <param name="WritebackCache">FUSE only: let the kernel's page cache hold written data and merge it into page-sized
/// writes before release (<c>FUSE_CAP_WRITEBACK_CACHE</c>); the kernel then keeps a regular file's size, modification
/// and change times itself while its inode is cached. Off by default (docs/performance-small-files.md says why).</param>
/// <param name="IoUring">FUSE only: serve requests over io_uring (Linux 6.14+, <c>CONFIG_FUSE_IO_URING</c>;
/// Documentation/filesystems/fuse-io-uring.rst) instead of reading and writing <c>/dev/fuse</c>, switching the module
/// parameter <c>fuse.enable_uring</c> on when running as root; a kernel without it keeps the mount on <c>/dev/fuse</c>
/// (logged). Off by default here; <c>indra mount</c> turns it on unless told otherwise.</param>
public sealed record MountOptions(string MountPoint, bool AllowOther = false, bool Debug = false, int MaxThreads = 16, bool Devices = false, bool WritebackCache = false, bool IoUring = false);

/// <summary>A live mount.</summary>
public interface IMountSession : IDisposable
{
    /// <summary>The mount point.</summary>
    string MountPoint { get; }

    /// <summary>Completes when the mount has ended (unmounted by us, by <c>umount</c>/<c>fusermount3 -u</c>, or aborted).</summary>
    Task Completion { get; }

    /// <summary>
    /// Unmounts: stops serving, flushes everything staged (<see cref="IVaultFileSystem.FlushAll"/>) and detaches the
    /// mount; waits at most <paramref name="timeout"/> for the request loop to end. Idempotent.
    /// </summary>
    /// <returns>True when the mount ended within the timeout.</returns>
    bool Unmount(TimeSpan timeout);
}

/// <summary>A mount could not be made; <see cref="Exception.Message"/> is one line meant for the user.</summary>
public sealed class MountException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line for the user.</param>
    public MountException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">One line for the user.</param>
    /// <param name="inner">The cause.</param>
    public MountException(string message, Exception inner) : base(message, inner) { }
}
