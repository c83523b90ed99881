using System.Net;
using System.Text.Json;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Indra.Sharing.Tests.Daemons;

namespace Indra.Sharing.Tests;

/// <summary>
/// Block runs (<see cref="Wire.RunsPath"/>): the server sends granted blocks back to back over HTTP/1.1 and HTTP/2,
/// refuses a run whole when any block of it is not granted, and the client verifies every block of a run; a peer
/// without runs (HTTP/2 only, as before them) makes the client fall back to single blocks.
/// </summary>
[TestFixture]
public sealed class BlockRunTests
{
    private const int BlockSize = 4096;
    private string _root = "";
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;
    private byte[] _shared = [];
    private ArtifactId _secretBlock;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-sharing-runs-" + Guid.NewGuid().ToString("N"));
        _alice = SharingNode.Create(_root, "alice", blockSize: BlockSize);
        _bob = SharingNode.Create(_root, "bob", blockSize: BlockSize);
        _alice.Sharing.AddPeer("bob", _bob.Sharing.Invite, autoAccept: true);
        _bob.Sharing.AddPeer("alice", _alice.Sharing.Invite, autoAccept: true);
        // Five blocks: four whole ones and a short tail, every one different.
        _shared = new byte[4 * BlockSize + 1000];
        new Random(15).NextBytes(_shared);
        _alice.Write("runs.bin", _shared);
        _secretBlock = _alice.Write("private/diary.txt", "not for bob"u8.ToArray());
        _alice.Sharing.Share("runs.bin", "bob", AccessMode.Revocable);
    }

    [TearDown]
    public void TearDown()
    {
        _alice.Dispose();
        _bob.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Run_SendsTheGrantedBlocksBackToBack_InTheOrderAsked(bool http11)
    {
        using var bob = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault), http11);
        var blocks = SharedBlocks(bob);
        Assert.That(blocks, Has.Count.EqualTo(5));
        Assert.That(bob.Send(HttpMethod.Get, RunPath(blocks.Select(b => b.Hash.ToString()))), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bob.LastBody, Is.EqualTo(_shared), "the file's blocks in file order are the file");
        var reversed = blocks.AsEnumerable().Reverse().ToList();
        Assert.That(bob.Send(HttpMethod.Get, RunPath(reversed.Select(b => b.Hash.ToString()))), Is.EqualTo(HttpStatusCode.OK));
        var expected = reversed.SelectMany(b => _shared.AsSpan((int)b.Offset, b.Size).ToArray()).ToArray();
        Assert.That(bob.LastBody, Is.EqualTo(expected));
    }

    [Test]
    public void Run_WithABlockNotGranted_TooLongOrMalformed_IsRefusedWhole()
    {
        using var bob = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault), http11: true);
        var granted = SharedBlocks(bob).Select(b => b.Hash.ToString()).ToList();
        Assert.That(bob.Send(HttpMethod.Get, RunPath([.. granted, _secretBlock.ToString()])), Is.EqualTo(HttpStatusCode.NotFound), "knowing a hash grants nothing, in a run too");
        Assert.That(bob.LastBody, Is.Empty);
        Assert.That(bob.Send(HttpMethod.Get, RunPath([granted[0], Blake3.Hash([1, 2, 3]).ToString()])), Is.EqualTo(HttpStatusCode.NotFound));
        var tooMany = Enumerable.Range(0, Wire.MaxRunBlocks + 1).Select(i => granted[i % granted.Count]);
        Assert.That(bob.Send(HttpMethod.Get, RunPath(tooMany)), Is.EqualTo(HttpStatusCode.NotFound), "at most Wire.MaxRunBlocks blocks");
        Assert.That(bob.LastBody, Is.Empty);
        Assert.That(bob.Send(HttpMethod.Get, RunPath([granted[0], ""])), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bob.Send(HttpMethod.Get, "v1/runs/"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bob.Send(HttpMethod.Get, RunPath(granted.Take(Wire.MaxRunBlocks))), Is.EqualTo(HttpStatusCode.OK), "the endpoint still serves the granted run");
        _alice.Sharing.Recall("runs.bin", "bob");
        Assert.That(bob.Send(HttpMethod.Get, RunPath(granted)), Is.EqualTo(HttpStatusCode.NotFound), "a recalled grant's blocks are refused at once");
    }

    [Test]
    public async Task Client_VerifiesEveryBlockOfARun_AndRefusesOneThatDoesNotMatch()
    {
        using var probe = new RawPeer(_alice.Port, PeerCertificates.CreateFor(_bob.Vault));
        var blocks = SharedBlocks(probe);
        using var client = new PeerClient("127.0.0.1", _alice.Port, _alice.Vault.Player, PeerCertificates.CreateFor(_bob.Vault), TimeSpan.FromSeconds(30));
        var received = new List<(PlacedBlock Block, byte[] Bytes)>();
        var started = 0;
        var whole = await client.GetBlockRunAsync(blocks, _ => { started++; return null; }, (block, fetched) =>
        {
            received.Add((block, fetched.Buffer.Span(block.Size).ToArray()));
            BlockBuffer.Return(fetched.Buffer);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Assert.That(whole, Is.True, "a peer with runs serves them");
        Assert.That(started, Is.EqualTo(blocks.Count));
        Assert.That(received.Select(r => r.Block), Is.EqualTo(blocks));
        Assert.That(received.SelectMany(r => r.Bytes).ToArray(), Is.EqualTo(_shared));

        // The same run with two blocks' sizes swapped: the bytes arrive cut at other places and no longer match.
        var lied = blocks.ToList();
        (lied[3], lied[4]) = (lied[3] with { Size = lied[4].Size }, lied[4] with { Size = lied[3].Size });
        var accepted = 0;
        Assert.ThrowsAsync<PeerProtocolException>(() => client.GetBlockRunAsync(lied, _ => null, (_, fetched) =>
        {
            accepted++;
            BlockBuffer.Return(fetched.Buffer);
            return ValueTask.CompletedTask;
        }, CancellationToken.None));
        Assert.That(accepted, Is.EqualTo(3), "the blocks before the first mismatch were verified and handed over, none after");

        // A run naming a block not granted is not served: the caller asks block by block, which says which.
        var withSecret = blocks.Take(2).Append(new PlacedBlock(new BlockHash(_secretBlock.Hash), 11, 0, 11)).ToList();
        Assert.That(await client.GetBlockRunAsync(withSecret, _ => null, (_, fetched) => throw new AssertionException("nothing is handed over"), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Client_FallsBackToSingleBlocks_WithAPeerFromBeforeRuns()
    {
        // FakePeer speaks HTTP/2 only and knows no runs, as an older indra does.
        using var fake = new FakePeer(_bob.Vault.Player.ToString());
        using var client = new PeerClient("127.0.0.1", fake.Port, fake.PlayerId, PeerCertificates.CreateFor(_bob.Vault), TimeSpan.FromSeconds(30));
        var block = new PlacedBlock(new BlockHash(Blake3.Hash([7])), 1, 0, 1);
        Assert.That(await client.GetBlockRunAsync([block], _ => null, (_, _) => throw new AssertionException("nothing is handed over"), CancellationToken.None), Is.False);
        Assert.That(fake.BlockRequests, Is.Empty, "no single block was asked for by the run itself");
    }

    /// <summary>The blocks of runs.bin as alice's manifest for bob lists them, each placed in the file.</summary>
    private static List<PlacedBlock> SharedBlocks(RawPeer bob)
    {
        Assert.That(bob.Send(HttpMethod.Get, "v1/manifest"), Is.EqualTo(HttpStatusCode.OK));
        var manifest = JsonSerializer.Deserialize<ManifestDto>(bob.LastBody, Wire.Json)!;
        var file = manifest.Grants.SelectMany(g => g.Entries).Single(e => e.Path == "runs.bin");
        var placed = new List<PlacedBlock>();
        var offset = 0L;
        foreach (var block in file.Blocks)
        {
            Assert.That(BlockHash.TryParse(block.H, out var hash), Is.True);
            placed.Add(new PlacedBlock(hash, block.S, offset, file.Size));
            offset += block.S;
        }
        return placed;
    }

    private static string RunPath(IEnumerable<string> hashes) => Wire.RunsPath[1..] + string.Join(Wire.RunSeparator, hashes);
}
