using System.CommandLine;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra mount --writeback-cache</c>: the kernel's FUSE writeback cache (<see cref="Indra.FileSystem.MountOptions.WritebackCache"/>).
/// The environment variable <see cref="Variable"/> set to <c>1</c> or <c>true</c> turns it on for every mount started
/// from that environment (the test suites run both ways with it).
/// </summary>
internal static class WritebackCacheOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--writeback-cache";

    /// <summary>The environment variable that makes the option's default true.</summary>
    public const string Variable = "INDRA_WRITEBACK_CACHE";

    /// <summary>Creates the option; its default is false unless <see cref="Variable"/> says otherwise.</summary>
    public static Option<bool> Create() => new(Name)
    {
        Description = "Let the kernel cache written data and send it in page-sized writes before close (FUSE writeback cache): "
            + "fewer requests for small writes; the kernel keeps an open file's size and times meanwhile. "
            + $"Off by default; {Variable}=1 in the environment turns it on",
        DefaultValueFactory = _ => EnvironmentSwitch.Read(Variable, otherwise: false),
    };
}
