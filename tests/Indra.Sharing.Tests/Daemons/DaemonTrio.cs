namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Three vaults served by real daemons (alice, bob, carol), each paired with the other two through the CLI, started
/// once for every test of this namespace and stopped after the last. Tests share them: each works on its own paths and
/// leaves pairings as it found them. When a test of the namespace failed, the daemons' logs are printed at the end.
/// </summary>
[SetUpFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonTrio
{
    private static string _root = "";
    private static DaemonVault? _alice;
    private static DaemonVault? _bob;
    private static DaemonVault? _carol;

    internal static DaemonVault Alice => _alice ?? throw new InvalidOperationException("the daemons are not running");
    internal static DaemonVault Bob => _bob ?? throw new InvalidOperationException("the daemons are not running");
    internal static DaemonVault Carol => _carol ?? throw new InvalidOperationException("the daemons are not running");

    /// <summary>A folder of this run for vaults a test makes itself.</summary>
    internal static string Root => _root;

    [OneTimeSetUp]
    public void Start()
    {
        if (!File.Exists("/dev/fuse")) Assert.Ignore("FUSE is not available (/dev/fuse)");
        _root = Path.Combine(Path.GetTempPath(), "indra-daemons-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        _alice = new DaemonVault(_root, "alice");
        _bob = new DaemonVault(_root, "bob");
        _carol = new DaemonVault(_root, "carol");
        DaemonVault.Pair(Alice, Bob);
        DaemonVault.Pair(Alice, Carol);
        DaemonVault.Pair(Bob, Carol);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        if (TestContext.CurrentContext.Result.FailCount > 0)
        {
            foreach (var vault in new[] { _alice, _bob, _carol }.OfType<DaemonVault>()) TestContext.Out.WriteLine($"{vault.Name}'s log:\n{vault.LogText()}");
        }
        _alice?.Dispose();
        _bob?.Dispose();
        _carol?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
