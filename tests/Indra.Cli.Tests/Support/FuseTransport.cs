namespace Indra.Cli.Tests.Support;

/// <summary>
/// How a test mount's daemon gets its requests: read from <c>/dev/fuse</c>, or over io_uring (<c>indra mount
/// --io-uring</c>, chosen here through INDRA_IO_URING so that either is explicit whatever the default). Fixtures that
/// run both ways take one of these as their parameter.
/// </summary>
internal static class FuseTransport
{
    /// <summary>Requests read from /dev/fuse and answered with writev.</summary>
    public const string Device = "dev-fuse";

    /// <summary>Requests served over io_uring (Linux 6.14+ with FUSE over io_uring).</summary>
    public const string Ring = "io-uring";

    private const string Parameter = "/sys/module/fuse/parameters/enable_uring";

    /// <summary>The mount environment that picks <paramref name="transport"/>.</summary>
    public static Dictionary<string, string> Environment(string transport) =>
        new() { ["INDRA_IO_URING"] = transport == Ring ? "1" : "0" };

    /// <summary>Ignores the fixture when <paramref name="transport"/> is the ring and this kernel has none.</summary>
    public static void RequireKernel(string transport)
    {
        if (transport == Ring && !File.Exists(Parameter))
        {
            Assert.Ignore("this kernel has no FUSE over io_uring (Linux 6.14+ with CONFIG_FUSE_IO_URING)");
        }
    }

    /// <summary>Asserts from the daemon's log that <paramref name="mounted"/> serves over <paramref name="transport"/>.</summary>
    public static void AssertServing(MountedVault mounted, string transport)
    {
        bool ring = File.ReadAllText(mounted.LogFile).Contains("serving requests over io_uring", StringComparison.Ordinal);
        Assert.That(ring, Is.EqualTo(transport == Ring), $"the daemon serves over {transport} (its log: {mounted.LogFile})");
    }
}
