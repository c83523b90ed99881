using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Native;

namespace Indra.Platform.ProjFS;

/// <summary>
/// The Windows platform host (DESIGN.md §5): serves an <see cref="IVaultFileSystem"/> as a ProjFS virtualization
/// root. Directories and files are projected as placeholders whose content id is the artifact id; file content is
/// hydrated from the vault on first read; opens and closes fire attention through the vault; local changes are
/// journaled durably and written back into the vault in the background (modified files stay full files on disk);
/// changes under peers\, realms\ and .indra\ are vetoed. Behaviour follows reference/projfs.md.
/// </summary>
public sealed class ProjFsHost : IPlatformHost
{
    private readonly IProjFsApiFactory _apiFactory;
    private readonly ProjFsHostOptions _options;

    /// <summary>Creates the host over ProjectedFSLib.dll (Windows) with default options.</summary>
    public ProjFsHost() : this(new NativeProjFsApiFactory(), new ProjFsHostOptions()) { }

    /// <summary>Creates the host over ProjectedFSLib.dll (Windows).</summary>
    public ProjFsHost(ProjFsHostOptions options) : this(new NativeProjFsApiFactory(), options) { }

    /// <summary>Creates the host over any ProjFS implementation (the test tree's emulator on Linux).</summary>
    public ProjFsHost(IProjFsApiFactory apiFactory, ProjFsHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(apiFactory);
        _apiFactory = apiFactory;
        _options = options ?? new ProjFsHostOptions();
    }

    /// <inheritdoc />
    public string Name => "projfs";

    /// <summary>
    /// False on anything but Windows ("ProjFS is Windows-only"), on Windows before 10 1809, and when
    /// ProjectedFSLib.dll cannot be loaded; the reason then says how to enable the Client-ProjFS optional feature. It
    /// never enables anything itself.
    /// </summary>
    public bool IsAvailable(out string reason) => _apiFactory.IsAvailable(out reason);

    /// <inheritdoc />
    /// <remarks>Creates <see cref="MountOptions.MountPoint"/> when missing; it must be empty the first time.</remarks>
    public IMountSession Mount(IVaultFileSystem fileSystem, MountOptions options)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        if (!Path.IsPathFullyQualified(options.MountPoint))
        {
            throw new MountException($"the mount point must be an absolute path: {options.MountPoint}");
        }

        if (!_apiFactory.IsAvailable(out var reason))
        {
            throw new MountException(reason);
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.MountPoint));
        var log = new ProjFsLog(_options.Loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, options.Debug);
        return ProjFsMountSession.Start(root, fileSystem, _apiFactory.Create(), options, _options, log);
    }
}
