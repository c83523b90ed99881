using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra mount --io-uring</c>: FUSE over io_uring (<see cref="Indra.FileSystem.MountOptions.IoUring"/>). The
/// environment variable <see cref="Variable"/> set to <c>1</c> or <c>true</c> turns it on for every mount started from
/// that environment (the test suites can run over the ring with it).
/// </summary>
internal static class IoUringOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--io-uring";

    /// <summary>The environment variable that makes the option's default true.</summary>
    public const string Variable = "INDRA_IO_URING";

    /// <summary>Creates the option; its default is false unless <see cref="Variable"/> says otherwise.</summary>
    public static Option<bool> Create() => new(Name)
    {
        Description = "Serve filesystem requests over io_uring (Linux 6.14+ with FUSE over io_uring; as root the fuse module's enable_uring "
            + "parameter is switched on): one system call per request instead of a read and a write on /dev/fuse. "
            + $"Without kernel support the mount stays on /dev/fuse, with a warning. Off by default; {Variable}=1 in the environment turns it on",
        DefaultValueFactory = _ => WritebackCacheOption.IsOn(Variable),
    };
}
