namespace Indra.Cli.Tests.Support;

/// <summary>
/// One vault per fixture, mounted with --allow-other (so that uid 65534 can enter it), and per test a fresh
/// <see cref="NativeTwin"/>: a directory in the mount and one beside it on the native filesystem.
/// </summary>
public abstract class TwinMountFixture
{
    private int _tests;

    private protected MountedVault Mounted { get; private set; } = null!;

    private protected NativeTwin Twin { get; private set; } = null!;

    [OneTimeSetUp]
    public void MountVault()
    {
        Shell.Require("setpriv", "util-linux");
        Shell.Require("python3", "python3");
        Mounted = new MountedVault(blockSize: 4096, allowOther: true);
    }

    [OneTimeTearDown]
    public void UnmountVault() => Mounted.Dispose();

    [SetUp]
    public void MakeDirectories()
    {
        // Short names: a socket's path must fit sun_path (108 bytes).
        var name = "t" + ++_tests;
        Twin = new NativeTwin(Path.Combine(Mounted.Vault, name), Path.Combine(Mounted.Root, "native", name));
    }
}
