namespace Indra.ObjectStore.Tests;

/// <summary>
/// One Ceph cluster (mon, OSD, RGW on 127.0.0.1) for the whole run, started before the first test and stopped after
/// the last (also when set-up or a test fails). Its S3 credentials are put in this process's environment, so every
/// indra process a test starts reads them from there, as a user's shell would give them.
/// </summary>
[SetUpFixture]
public sealed class Ceph
{
    private static CephCluster? _cluster;

    /// <summary>The run's cluster.</summary>
    internal static CephCluster Cluster => _cluster ?? throw new InvalidOperationException("the Ceph cluster is not running");

    /// <summary>The repository root (tests/Indra.ObjectStore.Tests/bin/CONFIGURATION/TFM is five levels below it).</summary>
    internal static string Repository
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            for (var up = 0; up < 5; up++) directory = directory.Parent!;
            return directory.FullName;
        }
    }

    [OneTimeSetUp]
    public void Start()
    {
        var started = DateTime.UtcNow;
        _cluster = CephCluster.Start(Repository, Path.Combine(Path.GetTempPath(), "indra-ceph-" + Guid.NewGuid().ToString("N")[..8]));
        foreach (var (name, value) in _cluster.CredentialsEnvironment) Environment.SetEnvironmentVariable(name, value);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        TestContext.Progress.WriteLine($"ceph: cluster up at {_cluster.Endpoint} in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public void Stop() => _cluster?.Dispose();
}
