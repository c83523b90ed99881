using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.State;
using Indra.Sharing.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Sharing.Tests;

/// <summary>Received blocks per peer on disk: what one peer sent covers nothing of another's, checks and collection included.</summary>
[TestFixture]
public sealed partial class ReceivedStoreTests
{
    private static readonly PlayerId Bob = new(Blake3.Hash("bob"u8));
    private static readonly PlayerId Carol = new(Blake3.Hash("carol"u8));
    private string _vault = "";
    private ReceivedStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _vault = Path.Combine(Path.GetTempPath(), "indra-received-" + Guid.NewGuid().ToString("N"));
        SharingLayout.EnsureFolder(_vault);
        _store = ReceivedStore.Open(_vault, [], NullLogger.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_vault, recursive: true);
    }

    [Test]
    public void ABlockFromBobIsStillMissingForCarol()
    {
        var (hash, data) = Block(1);
        _store.For(Bob).Put(hash, data, durable: false);
        var entries = new[] { File(Bob, "a.bin", [(hash, data.Length)], data) };

        Assert.That(_store.HasAll(Bob, entries), Is.True);
        Assert.That(_store.HasAll(Carol, entries), Is.False, "carol is asked for it herself");
        Assert.That(System.IO.File.Exists(Path.Combine(SharingLayout.PeerBlocks(_vault, Bob), hash.ToString()[..2], hash.ToString())), Is.True);
        Assert.That(Directory.Exists(SharingLayout.PeerBlocks(_vault, Carol)) && Directory.EnumerateFiles(SharingLayout.PeerBlocks(_vault, Carol), "*", SearchOption.AllDirectories).Any(),
            Is.False, "nothing of bob's lands in carol's folder");
    }

    [Test]
    public void AFileCheckedFromBobDoesNotCoverCarolsBytesUnderTheSameId()
    {
        var (real, realData) = Block(2);
        var (other, otherData) = Block(3);
        var id = Blake3.Hash(realData);
        _store.For(Bob).Put(real, realData, durable: false);
        _store.For(Carol).Put(other, otherData, durable: false);
        _store.For(Bob).Put(other, otherData, durable: false);
        var verifier = new LeafVerifier();

        Assert.That(verifier.Verify(Bob, _store.For(Bob), Entry(Bob, "a.bin", id, [(real, realData.Length)])), Is.True, "hashed the first time");
        Assert.That(verifier.Verify(Bob, _store.For(Bob), Entry(Bob, "a.bin", id, [(real, realData.Length)])), Is.False, "remembered for bob's same file");
        Assert.Throws<PeerProtocolException>(() => verifier.Verify(Carol, _store.For(Carol), Entry(Carol, "a.bin", id, [(other, otherData.Length)])),
            "carol's own bytes under the id bob's file was checked against");
        Assert.Throws<PeerProtocolException>(() => verifier.Verify(Bob, _store.For(Bob), Entry(Bob, "a.bin", id, [(other, otherData.Length)])),
            "bob's other block list under the same id");
    }

    [Test]
    public void CollectDeletesOnlyWhatNothingNamesOrHeld()
    {
        var blocks = Enumerable.Range(10, 4).Select(Block).ToList();
        foreach (var (hash, data) in blocks) _store.For(Bob).Put(hash, data, durable: false);
        var (named, unnamed, heldBefore, heldDuring) = (blocks[0].Hash, blocks[1].Hash, blocks[2].Hash, blocks[3].Hash);
        IDisposable? lateHold = null;
        using (_store.Hold(Bob, [File(Bob, "held.bin", [(heldBefore, blocks[2].Data.Length)], blocks[2].Data)]))
        {
            var deleted = _store.Collect(() =>
            {
                // A download pins its block after the stores were listed and before anything is deleted.
                lateHold = _store.Hold(Bob, [File(Bob, "late.bin", [(heldDuring, blocks[3].Data.Length)], blocks[3].Data)]);
                return new HashSet<(PlayerId, BlockHash)> { (Bob, named) };
            });
            Assert.That(deleted, Is.EqualTo(1));
        }
        var store = _store.For(Bob);
        Assert.That(store.Contains(named), Is.True, "named by a record or a view");
        Assert.That(store.Contains(unnamed), Is.False);
        Assert.That(store.Contains(heldBefore), Is.True, "pinned when the collection began");
        Assert.That(store.Contains(heldDuring), Is.True, "pinned while it ran");

        lateHold!.Dispose();
        Assert.That(_store.Collect(() => new HashSet<(PlayerId, BlockHash)>()), Is.EqualTo(3));
        Assert.That(store.Enumerate(), Is.Empty);
    }

    [Test]
    public void CollectKeepsBlocksOfAPeerWhoseTwinIsNamedForAnother()
    {
        var (hash, data) = Block(20);
        _store.For(Bob).Put(hash, data, durable: false);
        _store.For(Carol).Put(hash, data, durable: false);

        _store.Collect(() => new HashSet<(PlayerId, BlockHash)> { (Carol, hash) });

        Assert.That(_store.For(Carol).Contains(hash), Is.True);
        Assert.That(_store.For(Bob).Contains(hash), Is.False, "named for carol only: bob's copy goes");
    }

    [Test]
    public void AnOldSharedStoreIsSplitByTheEntriesThatNameEachBlock()
    {
        _store.Dispose();
        var root = SharingLayout.Blocks(_vault);
        var (both, bothData) = Block(30);
        var (carolOnly, carolData) = Block(31);
        var (nobody, nobodyData) = Block(32);
        var (corrupt, _) = Block(33);
        foreach (var (hash, data) in new[] { (both, bothData), (carolOnly, carolData), (nobody, nobodyData), (corrupt, Block(34).Data) })
        {
            var name = hash.ToString();
            Directory.CreateDirectory(Path.Combine(root, name[..2]));
            System.IO.File.WriteAllBytes(Path.Combine(root, name[..2], name), data);
        }
        var received = new[]
        {
            File(Bob, "a.bin", [(both, bothData.Length), (corrupt, 1034)], bothData),
            File(Carol, "b.bin", [(both, bothData.Length), (carolOnly, carolData.Length)], carolData),
        };

        _store = ReceivedStore.Open(_vault, received, NullLogger.Instance);

        Assert.That(_store.For(Bob).Enumerate(), Is.EquivalentTo(new[] { both }), "the corrupt block is dropped, to be fetched again");
        Assert.That(_store.For(Carol).Enumerate(), Is.EquivalentTo(new[] { both, carolOnly }));
        Assert.That(Directory.EnumerateDirectories(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { Bob.ToString(), Carol.ToString() }));
        Assert.That(_store.HasAll(Bob, received[..1]), Is.False, "bob's next sync round fetches what was dropped");
    }

    private static (BlockHash Hash, byte[] Data) Block(int seed)
    {
        var data = new byte[1000 + seed];
        new Random(seed).NextBytes(data);
        return (new BlockHash(Blake3.Hash(data)), data);
    }

    private static ReceivedEntry File(PlayerId peer, string path, IReadOnlyList<(BlockHash Hash, int Size)> blocks, byte[] content) =>
        Entry(peer, path, Blake3.Hash(content), blocks);

    private static ReceivedEntry Entry(PlayerId peer, string path, Blake3Hash id, IReadOnlyList<(BlockHash Hash, int Size)> blocks) =>
        new(peer, "0a", path, false, blocks.Sum(b => (long)b.Size), id, 0, AccessMode.Revocable, 0, peer, blocks.Select(b => new BlockRef(b.Hash, b.Size)).ToList(), [], false);
}
