using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra mount --io-uring [true|false]</c>: FUSE over io_uring (<see cref="Indra.FileSystem.MountOptions.IoUring"/>),
/// on by default. The environment variable <see cref="Variable"/> set to <c>0</c> or <c>false</c> turns it off for every
/// mount started from that environment, <c>1</c> or <c>true</c> on (the test suites pick the transport with it).
/// </summary>
internal static class IoUringOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--io-uring";

    /// <summary>The environment variable that sets the option's default.</summary>
    public const string Variable = "INDRA_IO_URING";

    /// <summary>Creates the option; its default is true unless <see cref="Variable"/> says otherwise.</summary>
    public static Option<bool> Create() => new(Name)
    {
        Description = "Serve filesystem requests over io_uring (Linux 6.14+ with FUSE over io_uring; as root the fuse module's enable_uring "
            + "parameter is switched on): one system call per request instead of a read and a write on /dev/fuse. "
            + $"On by default; a kernel without it keeps the mount on /dev/fuse. --io-uring false, or {Variable}=0 in the environment, turns it off",
        DefaultValueFactory = _ => EnvironmentSwitch.Read(Variable, otherwise: true),
    };
}
