namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Three vaults served by real daemons (alice, bob, carol), each paired with the other two through the CLI, started
/// once for every test of this namespace and stopped after the last; every pairing auto-accepts the other's offers.
/// Tests share them: each works on its own paths and leaves pairings and settings as it found them. When a test of
/// the namespace failed, the daemons' logs are printed at the end.
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
        foreach (var (a, b) in new[] { (Alice, Bob), (Alice, Carol), (Bob, Carol) }) DaemonVault.Pair(a, b);
    }

    /// <summary>
    /// Turns <paramref name="vault"/>'s auto-accept of <paramref name="peer"/>'s offers on or off (<c>indra peer
    /// auto-accept</c>). The trio pairs with it on, so shares show up at once; a test of consent turns it off for one
    /// pairing and back on when it ends.
    /// </summary>
    internal static void SetAutoAccept(DaemonVault vault, DaemonVault peer, bool on) => vault.Cli("peer", "auto-accept", peer.Name, on ? "on" : "off").Ok();

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
