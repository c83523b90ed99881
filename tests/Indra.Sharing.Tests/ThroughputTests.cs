using System.Diagnostics;
using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Sharing.Tests;

/// <summary>
/// Not part of the normal run: shares a large file between two local services and compares the transfer with cp.
/// Run: <c>INDRA_THROUGHPUT_MIB=1024 dotnet test tests/Indra.Sharing.Tests --filter Category=Throughput</c>.
/// </summary>
[TestFixture]
[Explicit("benchmark: run with --filter Category=Throughput")]
[Category("Throughput")]
public sealed class ThroughputTests
{
    [Test]
    public void SharedLargeFile_TransferRate_AgainstCp()
    {
        var mib = int.TryParse(Environment.GetEnvironmentVariable("INDRA_THROUGHPUT_MIB"), out var m) ? m : 1024;
        var root = Path.Combine(Path.GetTempPath(), "indra-sharing-tp-" + Guid.NewGuid().ToString("N"));
        using var alice = SharingNode.Create(root, "alice");
        using var bob = SharingNode.Create(root, "bob");
        try
        {
            alice.Sharing.AddPeer("bob", bob.Sharing.Invite, autoAccept: true);
            bob.Sharing.AddPeer("alice", alice.Sharing.Invite, autoAccept: true);
            var data = new byte[(long)mib << 20];
            new Random(42).NextBytes(data);
            var source = Path.Combine(root, "big.bin");
            File.WriteAllBytes(source, data);
            var id = alice.Write("big.bin", data);
            data = [];

            var cp = Stopwatch.StartNew();
            using (var process = Process.Start("cp", [source, Path.Combine(root, "big.copy")]))
            {
                process.WaitForExit();
            }
            using (var sync = Process.Start("sync"))
            {
                sync.WaitForExit();
            }
            cp.Stop();

            var share = Stopwatch.StartNew();
            alice.Sharing.Share("big.bin", "bob", AccessMode.Revocable);
            Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin") is not null, "the large file to arrive", TimeSpan.FromMinutes(10));
            share.Stop();
            Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin")!.ArtifactId, Is.EqualTo(id));
            var rate = mib / share.Elapsed.TotalSeconds;
            var cpRate = mib / cp.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine(bob.LogText());
            TestContext.Out.WriteLine($"share of {mib} MiB: {share.Elapsed.TotalSeconds:0.00} s = {rate:0} MiB/s (fetch over HTTP/2+TLS 1.3, BLAKE3 per block, whole-file BLAKE3 check, stored)");
            TestContext.Out.WriteLine($"cp + sync of {mib} MiB: {cp.Elapsed.TotalSeconds:0.00} s = {cpRate:0} MiB/s; ratio share/cp time = {share.Elapsed.TotalSeconds / cp.Elapsed.TotalSeconds:0.0}x");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
