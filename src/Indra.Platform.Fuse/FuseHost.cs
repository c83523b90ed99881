using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Platform.Fuse;

/// <summary>
/// The FUSE platform host for Linux: mounts an <see cref="IVaultFileSystem"/> through libfuse 3.14's low-level API
/// (<c>libfuse3.so.3</c>) with our own interop, and translates each kernel request into one filesystem call.
/// </summary>
/// <remarks>
/// <para>Mount options: <c>fsname=indra,subtype=indra,default_permissions,auto_unmount</c>, plus <c>allow_other</c>
/// when asked. The kernel checks permissions from the modes the filesystem reports.</para>
/// <para>Caching: attributes and names are trusted for 1 s; a failed lookup is cached as a negative entry for 1 s;
/// open files keep or drop their page cache as <see cref="OpenResult"/> says. Changes made underneath the mount
/// reach the kernel through <see cref="IInvalidationSink"/>, which each <see cref="FuseMountSession"/> implements.</para>
/// <para>Errors: an <see cref="Errno"/> goes to the kernel unchanged (<c>fuse_reply_err</c>, positive); an exception
/// thrown by the filesystem is logged with its stack and answered with EIO.</para>
/// </remarks>
public sealed class FuseHost : IPlatformHost
{
    private readonly FuseLog log;

    /// <summary>Creates the host.</summary>
    /// <param name="loggers">Where the host logs, called from libfuse's threads: category <c>Indra.Platform.Fuse</c>
    /// for its events (warnings, errors with stacks) and <c>Indra.Platform.Fuse.Requests</c> for the request trace, one
    /// Debug line per request, written when <see cref="MountOptions.Debug"/> is set and that category is enabled at
    /// Debug. Nothing is logged when null.</param>
    public FuseHost(ILoggerFactory? loggers = null) => log = new FuseLog(loggers ?? NullLoggerFactory.Instance);

    /// <inheritdoc />
    public string Name => "fuse";

    /// <summary>
    /// True on Linux (x64, arm64) with <c>libfuse3.so.3</c> version 3.14, <c>/dev/fuse</c> and <c>fusermount3</c>
    /// present; otherwise <paramref name="reason"/> is one line that ends in what to install.
    /// </summary>
    public bool IsAvailable(out string reason) => FuseAvailability.Check(out reason);

    /// <summary>
    /// Mounts <paramref name="fileSystem"/> at <see cref="MountOptions.MountPoint"/> and returns a
    /// <see cref="FuseMountSession"/> once the kernel's INIT has been answered, i.e. the mount is serving.
    /// </summary>
    /// <exception cref="MountException">FUSE is unavailable; the mount point does not exist, is not a directory, is
    /// not empty or is already mounted; or libfuse refused (<c>fuse_session_new</c>/<c>fuse_session_mount</c>).</exception>
    public IMountSession Mount(IVaultFileSystem fileSystem, MountOptions options)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        if (!IsAvailable(out string reason))
        {
            throw new MountException(reason);
        }
        return FuseMountSession.Mount(fileSystem, options, log);
    }
}
