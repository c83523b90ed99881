using System.Net;
using System.Net.Sockets;
using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Sharing.Security;

namespace Indra.Sharing.Tests;

/// <summary>Refusals of the peer endpoint: each probe is refused, leaks nothing, and the service keeps serving its real peer.</summary>
[TestFixture]
public sealed class SecurityTests
{
    private string _root = "";
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;
    private ArtifactId _secretBlock;
    private byte[] _secret = [];
    private int _round;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-sharing-sec-" + Guid.NewGuid().ToString("N"));
        _alice = SharingNode.Create(_root, "alice", blockSize: 4096);
        _bob = SharingNode.Create(_root, "bob", blockSize: 4096);
        _alice.Sharing.AddPeer("bob", _bob.Sharing.Invite, autoAccept: true);
        _bob.Sharing.AddPeer("alice", _alice.Sharing.Invite, autoAccept: true);
        _secret = Encoding.UTF8.GetBytes("alice's diary, not shared");
        _secretBlock = _alice.Write("private/diary.txt", _secret);
        _alice.Write("shared.txt", Encoding.UTF8.GetBytes("for bob"));
        _alice.Sharing.Share("shared.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "shared.txt") is not null, "the shared file to sync");
    }

    [TearDown]
    public void TearDown()
    {
        _alice.Dispose();
        _bob.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void UnpairedClient_IsRefusedAtTheHandshake()
    {
        using var stranger = new RawPeer(_alice.Port, RawPeer.Stranger());
        Assert.That(stranger.Send(HttpMethod.Get, "v1/manifest"), Is.Null, "an unpaired key cannot even complete TLS");
        Assert.That(stranger.Send(HttpMethod.Get, "v1/blocks/" + _secretBlock), Is.Null);
        AssertStillServesBob();
    }

    [Test]
    public void ClientWithoutCertificate_IsRefused()
    {
        using var anonymous = new RawPeer(_alice.Port, null);
        Assert.That(anonymous.Send(HttpMethod.Get, "v1/manifest"), Is.Null);
        AssertStillServesBob();
    }

    [Test]
    public void PairedPeer_CannotFetchABlockItWasNotGranted()
    {
        using var bob = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault));
        Assert.That(bob.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Encoding.UTF8.GetString(bob.LastBody), Does.Not.Contain(_secretBlock.ToString()).And.Not.Contain("diary"));
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/" + _secretBlock), Is.EqualTo(HttpStatusCode.NotFound), "knowing a hash grants nothing");
        Assert.That(bob.LastBody, Is.Empty);
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/" + Blake3.Hash([1, 2, 3])), Is.EqualTo(HttpStatusCode.NotFound), "same answer as for an unknown hash");
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/../../identity.key"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/" + Blake3.Hash(Encoding.UTF8.GetBytes("for bob"))), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Encoding.UTF8.GetString(bob.LastBody), Is.EqualTo("for bob"));
        _alice.Sharing.Recall("shared.txt", "bob");
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/" + Blake3.Hash(Encoding.UTF8.GetBytes("for bob"))), Is.EqualTo(HttpStatusCode.NotFound), "a recalled grant's blocks are refused at once");
        AssertStillServesBob();
    }

    [Test]
    public void RevokedPeer_IsRefused_EvenOnAnOpenConnection()
    {
        using var bob = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault));
        Assert.That(bob.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_alice.Sharing.RemovePeer("bob"), Is.True);
        Assert.That(bob.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.Forbidden), "the open HTTP/2 connection is refused per request");
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/" + Blake3.Hash(Encoding.UTF8.GetBytes("for bob"))), Is.EqualTo(HttpStatusCode.Forbidden));
        using var fresh = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault));
        Assert.That(fresh.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.Forbidden), "a new connection of a removed peer is let in only to be refused");
        Assert.That(_alice.Sharing.Names(ShareScope.Peer), Is.Empty);
    }

    [Test]
    public void PeerWithWrongCertificate_IsRefusedBothWays()
    {
        // A third vault claims to be alice (bob's pairing pins alice's id, but the endpoint answers with another key).
        using var mallory = SharingNode.Create(_root, "mallory", blockSize: 4096);
        mallory.Sharing.AddPeer("bob", _bob.Sharing.Invite, autoAccept: true);
        mallory.Write("fake.txt", Encoding.UTF8.GetBytes("fake"));
        mallory.Sharing.Share("fake.txt", "bob", AccessMode.Revocable);
        _bob.Sharing.RemovePeer("alice");
        _bob.Sharing.AddPeer("alice", new Invite(_alice.Vault.Player, "127.0.0.1", mallory.Port), autoAccept: true);
        Wait.Until(() => _bob.Sharing.PeersJson().Contains("\"state\": \"refused\"", StringComparison.Ordinal), "bob to refuse mallory's certificate");
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "fake.txt"), Is.Null);
        // And mallory's certificate presented to alice (who paired bob, not mallory) is refused.
        using var raw = new RawPeer(_alice.Port, PeerCertificates.CreateFor(mallory.Vault));
        Assert.That(raw.Send(HttpMethod.Get, "v1/manifest"), Is.Null);
    }

    [Test]
    public void MalformedAndOversizedMessages_AreRefused_AndTheDaemonKeepsServing()
    {
        using var bob = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault));
        var huge = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        Assert.That(bob.Send(HttpMethod.Post, "v1/attention", huge), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge).Or.Null);
        Assert.That(bob.Send(HttpMethod.Post, "v1/attention", new StringContent("{not json", Encoding.UTF8, "application/json")), Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bob.Send(HttpMethod.Post, "v1/attention", new StringContent("{\"items\":[{\"id\":\"x\",\"count\":-5}]}", Encoding.UTF8, "application/json")), Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bob.Send(HttpMethod.Post, "v1/attention", new StringContent(new string('[', 5000), Encoding.UTF8, "application/json")), Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bob.Send(HttpMethod.Get, "v1/blocks/zz-not-hex"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bob.Send(HttpMethod.Post, "v1/transfers/" + new string('a', 500) + "/accept"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bob.Send(HttpMethod.Delete, "v1/manifest"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bob.Send(HttpMethod.Get, "v1/manifest", tweak: r => r.Headers.Add("X-Big", new string('h', 64 * 1024))), Is.Not.EqualTo(HttpStatusCode.OK));

        // Garbage and a half-open TLS handshake straight on the socket.
        for (var i = 0; i < 3; i++)
        {
            using var socket = new TcpClient();
            socket.Connect(IPAddress.Loopback, _alice.Port);
            var stream = socket.GetStream();
            stream.Write(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + new string('\0', 1000)));
            stream.ReadTimeout = 5000;
            try
            {
                Assert.That(stream.Read(new byte[4096]), Is.LessThan(4096));
            }
            catch (IOException e)
            {
                TestContext.Out.WriteLine($"garbage connection closed: {e.Message}");
            }
        }
        Assert.That(_alice.Sharing.RefusedRequests, Is.GreaterThan(0));
        AssertStillServesBob();
    }

    [Test]
    public void BlockThatDoesNotHashToItsId_IsRefused()
    {
        var client = new Client.PeerClient("127.0.0.1", _alice.Port, _alice.Vault.Player, PeerCertificates.CreateFor(_bob.Vault), TimeSpan.FromSeconds(10));
        using (client)
        {
            var good = new BlockHash(Blake3.Hash(Encoding.UTF8.GetBytes("for bob")));
            var buffer = client.GetBlockAsync(good, 7, CancellationToken.None).GetAwaiter().GetResult();
            Assert.That(Encoding.UTF8.GetString(buffer.Span(7)), Is.EqualTo("for bob"));
            Client.BlockBuffer.Return(buffer);
            Assert.ThrowsAsync<Client.PeerProtocolException>(() => client.GetBlockAsync(good, 6, CancellationToken.None), "wrong size");
        }
        // A peer serving bytes under the wrong id: a tampered block in alice's store. Blocks this small live in the
        // vault database (inline_blocks), so the tampering goes through a second SQLite connection.
        var tampered = Encoding.UTF8.GetBytes("for eve");
        var hash = Blake3.Hash(Encoding.UTF8.GetBytes("for bob"));
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_alice.Directory, "vault.db")};Pooling=False"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE inline_blocks SET data = $data WHERE hash = $hash";
            update.Parameters.AddWithValue("$data", tampered);
            update.Parameters.AddWithValue("$hash", hash.ToArray());
            Assert.That(update.ExecuteNonQuery(), Is.EqualTo(1), "the block is stored inline");
        }
        using var second = new Client.PeerClient("127.0.0.1", _alice.Port, _alice.Vault.Player, PeerCertificates.CreateFor(_bob.Vault), TimeSpan.FromSeconds(10));
        var ex = Assert.ThrowsAsync<Client.PeerProtocolException>(() => second.GetBlockAsync(new BlockHash(Blake3.Hash(Encoding.UTF8.GetBytes("for bob"))), 7, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("does not hash to its id"));
    }

    private void AssertStillServesBob()
    {
        _round++;
        var name = $"later-{_round}.txt";
        _alice.Write(name, Encoding.UTF8.GetBytes("still serving"));
        _alice.Sharing.Share(name, "bob", AccessMode.Revocable);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", name) is not null, "alice to keep serving bob");
    }
}
