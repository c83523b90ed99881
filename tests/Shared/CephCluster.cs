using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Indra.Tests.Shared;

/// <summary>
/// A throwaway one-node Ceph cluster (one monitor, one BlueStore OSD on a sparse file, RGW on 127.0.0.1) with an S3
/// user and one bucket, driven through build/ceph-cluster.sh (which the object-store benchmark uses too). Ports are
/// free loopback ports chosen at start; keys and the bucket name are random per cluster. <see cref="Dispose"/> stops
/// every daemon and deletes the cluster's files; it also runs when the test process exits without disposing.
/// </summary>
internal sealed class CephCluster : IDisposable
{
    private readonly string _script;
    private int _stopped;

    private CephCluster(string script, string directory, string endpoint, string accessKey, string secretKey, string bucket)
    {
        _script = script;
        Directory = directory;
        Endpoint = endpoint;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Bucket = bucket;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The cluster's files (configuration, daemons' data, logs).</summary>
    internal string Directory { get; }

    /// <summary>RGW's S3 endpoint, <c>http://127.0.0.1:PORT</c>.</summary>
    internal string Endpoint { get; }

    /// <summary>The S3 user's access key id.</summary>
    internal string AccessKey { get; }

    /// <summary>The S3 user's secret key.</summary>
    internal string SecretKey { get; }

    /// <summary>The bucket made at start.</summary>
    internal string Bucket { get; }

    /// <summary>The environment that gives a child process this cluster's credentials.</summary>
    internal Dictionary<string, string> CredentialsEnvironment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
    };

    /// <summary>Starts a cluster in <paramref name="directory"/> (deleted first if present).</summary>
    /// <param name="repository">The repository root (holds build/ceph-cluster.sh).</param>
    /// <param name="directory">Where the cluster lives; its OSD's block file is DIRECTORY.osd-block beside it.</param>
    internal static CephCluster Start(string repository, string directory)
    {
        var script = Path.Combine(repository, "build", "ceph-cluster.sh");
        foreach (var program in new[] { "ceph-mon", "ceph-osd", "radosgw", "radosgw-admin" }) Shell.Require(program, "radosgw ceph-mon ceph-osd ceph-common");
        var access = "IND" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..17];
        var secret = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var bucket = "indra-" + Guid.NewGuid().ToString("N")[..12];
        var (mon, rgw) = (FreePort(), FreePort());
        while (rgw == mon) rgw = FreePort();
        var result = Shell.Run(script, ["start", directory, Text(mon), Text(rgw), access, secret, bucket], timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            Shell.Run(script, ["stop", directory]);
            Assert.Fail($"the Ceph cluster did not start (exit {result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        }
        var endpoint = result.Stdout.Split('\n').Single(l => l.StartsWith("endpoint ", StringComparison.Ordinal))["endpoint ".Length..].Trim();
        return new CephCluster(script, directory, endpoint, access, secret, bucket);
    }

    /// <summary>Stops RGW (an outage: the monitor and the OSD keep running).</summary>
    internal void StopGateway() => Shell.Run(_script, ["rgw-stop", Directory]).Ok();

    /// <summary>Starts RGW again and returns once it answers.</summary>
    internal void StartGateway() => Shell.Run(_script, ["rgw-start", Directory], timeout: TimeSpan.FromMinutes(2)).Ok();

    /// <summary>Stops every daemon and deletes the cluster's files (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        Shell.Run(_script, ["stop", Directory], timeout: TimeSpan.FromMinutes(1));
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
