using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Indra.Sharing.Server;

namespace Indra.Sharing.Tests;

/// <summary>
/// No single peer request allocates without bound or brings the service down, checked against real servers: blocks are
/// streamed a chunk at a time, an unexpected exception answers 500 and the next request is served, and a deep
/// shared tree neither exhausts the stack nor makes the peer refuse the manifest.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BoundsTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Path.Combine(Path.GetTempPath(), "indra-sharing-bounds-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void ManyConcurrentBlockRequests_AreStreamedInChunks_HoldingAtMostOneChunkEach()
    {
        using var alice = SharingNode.Create(_root, "alice");
        using var bob = SharingNode.Create(_root, "bob");
        alice.Sharing.AddPeer("bob", bob.Sharing.Invite, autoAccept: true);
        bob.Sharing.AddPeer("alice", alice.Sharing.Invite, autoAccept: true);
        var data = RandomNumberGenerator.GetBytes(16 << 20);
        alice.Write("big.bin", data);
        alice.Sharing.Share("big.bin", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "big.bin") is not null, "the shared file to sync", TimeSpan.FromSeconds(60));

        var certificate = PeerCertificates.CreateFor(bob.Vault);
        using var manifestPeer = new RawPeer(alice.Port, certificate);
        Assert.That(manifestPeer.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.OK));
        var blocks = JsonSerializer.Deserialize<ManifestDto>(manifestPeer.LastBody, Wire.Json)!.Grants.Single().Entries.Single().Blocks;
        Assert.That(blocks, Has.Count.EqualTo(16));

        // 4 more connections of bob's (within its connection budget beside its own sync client's), each asked from 4
        // threads for every block 4 times over: 16 requests of 1 MiB at once (within bob's request budget), 1 GiB in all.
        const int Connections = 4, ThreadsEach = 4;
        var peers = Enumerable.Range(0, Connections).Select(_ => new RawPeer(alice.Port, certificate)).ToList();
        try
        {
            var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode?>();
            Parallel.ForEach(Enumerable.Range(0, Connections * ThreadsEach), new ParallelOptions { MaxDegreeOfParallelism = Connections * ThreadsEach }, thread =>
            {
                for (var round = 0; round < 4; round++)
                {
                    foreach (var block in blocks) statuses.Add(peers[thread % Connections].Send(HttpMethod.Get, "v1/blocks/" + block.H));
                }
            });
            Assert.That(statuses, Has.Count.EqualTo(Connections * ThreadsEach * 4 * 16));
            Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            foreach (var peer in peers) peer.Dispose();
        }
        // A whole 1 MiB block is 16 chunks: each request held one chunk at a time, never its block.
        Assert.That(alice.Sharing.PeakBlockBytesInFlight, Is.InRange(ServingLimits.ChunkBytes, (Connections * ThreadsEach + 1) * ServingLimits.ChunkBytes));
        for (var i = 0; i < blocks.Count; i++)
        {
            Assert.That(manifestPeer.Send(HttpMethod.Get, "v1/blocks/" + blocks[i].H), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(manifestPeer.LastBody, Is.EqualTo(data[(i << 20)..((i + 1) << 20)]), $"block {i} streamed whole and in order");
        }
    }

    [Test]
    public void AnUnexpectedExceptionAnswers500AndTheServerKeepsServing()
    {
        var host = new FailingHost();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = PeerCertificates.CreateSelfSigned(key, new PlayerId(Blake3.Hash(key.ExportSubjectPublicKeyInfo())));
        var server = PeerServer.StartAsync(new PeerRequestHandler(host), certificate, new SharingOptions { Port = 0 }).GetAwaiter().GetResult();
        try
        {
            using var peer = new RawPeer(server.Endpoint.Port, RawPeer.Stranger());
            foreach (var failure in new Exception[] { new InvalidOperationException("a bug"), new OutOfMemoryException("no memory"), new InsufficientExecutionStackException("no stack") })
            {
                host.Next = failure;
                Assert.That(peer.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.InternalServerError), failure.GetType().Name);
                Assert.That(host.Lines, Has.Some.Contains(failure.GetType().Name).And.Contains("/v1/manifest"));
            }
            // An acceptance names the version taken (issue 12): the leaf id of the empty file here.
            var accepted = new StringContent($"{{\"id\":\"{Blake3.Hash([])}\"}}", System.Text.Encoding.UTF8, "application/json");
            Assert.That(peer.Send(HttpMethod.Post, "v1/transfers/ab/accept", accepted), Is.EqualTo(HttpStatusCode.NoContent), "the next request on the same connection");
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Test]
    public void ADeepSharedTree_IsServedUpToThePathLimit_AndThePeerTakesIt()
    {
        using var alice = SharingNode.Create(_root, "alice");
        using var bob = SharingNode.Create(_root, "bob");
        alice.Sharing.AddPeer("bob", bob.Sharing.Invite, autoAccept: true);
        bob.Sharing.AddPeer("alice", alice.Sharing.Invite, autoAccept: true);
        // 3000 levels of "/d": 6004 characters at the bottom, past the 4096 a peer accepts.
        Assert.That(alice.Fs.MakeDirectory(ReservedInodes.Vault, "deep", 0x1ED, CallerContext.Self, out var top), Is.EqualTo(Errno.None));
        var parent = top.Inode;
        for (var depth = 0; depth < 3000; depth++)
        {
            Assert.That(alice.Fs.MakeDirectory(parent, "d", 0x1ED, CallerContext.Self, out var child), Is.EqualTo(Errno.None));
            parent = child.Inode;
        }
        alice.Vault.Tree.Flush();
        alice.Sharing.Share("deep", "bob", AccessMode.Revocable);

        var levels = 2046;
        var deepest = "deep" + string.Concat(Enumerable.Repeat("/d", levels));
        Assert.That(deepest.Length, Is.EqualTo(SharePath.MaxLength));
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", deepest) is not null, "the deep folder to sync", TimeSpan.FromSeconds(60));
        Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", deepest + "/d"), Is.Null, "the level past the limit is left out");
        Assert.That(bob.Sharing.Get(ShareScope.Peer, "alice", "deep"), Is.Not.Null);
    }

    /// <summary>A host that throws <see cref="Next"/> from the manifest once and accepts every transfer.</summary>
    private sealed class FailingHost : IPeerHost
    {
        private readonly List<string> _lines = [];

        internal Exception? Next { get; set; }

        internal IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines) return _lines.ToList();
            }
        }

        public ChangeSignal ManifestChanges { get; } = new();

        public ContentBlocks OwnBlocks { get; } = ContentBlocks.InMemory();

        public bool IsPaired(PlayerId peer) => true;

        public bool IsKnown(PlayerId peer) => true;

        public ServedManifest ManifestFor(PlayerId peer)
        {
            var failure = Next ?? new InvalidOperationException("no manifest here");
            Next = null;
            throw failure;
        }

        public TransferAcceptance AcceptTransfer(PlayerId peer, string grantId, Blake3Hash accepted) => TransferAcceptance.Completed;

        public void RecordAttention(PlayerId peer, ServedManifest manifest, AttentionReportDto report)
        {
        }

        public void Log(string line)
        {
            lock (_lines) _lines.Add(line);
        }

        public void Note(string line) => Log(line);
    }
}
