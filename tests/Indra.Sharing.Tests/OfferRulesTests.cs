using System.Text;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Protocol;
using Indra.Sharing.State;
using Indra.Sharing.Sync;
using Microsoft.Extensions.Time.Testing;

namespace Indra.Sharing.Tests;

/// <summary>
/// The rules of offers that cannot be reached from outside a daemon (issue 12, items 2, 4 and 10): a transfer whose
/// entries make a file and a folder of one name fails without leaving staging, transfer offers expire, peer strings are
/// bounded, and a peer address that cannot form a URI is reported while its loop keeps going.
/// </summary>
[TestFixture]
public sealed class OfferRulesTests
{
    [Test]
    public void ATransferWithAFileAndAFolderOfOneName_FailsAndLeavesNoStaging()
    {
        using var vaults = new PairedVaults();
        var bob = vaults.Bob;
        using var blocks = ContentBlocks.OpenDirectory(Path.Combine(vaults.Root, "blocks"));
        var payload = Encoding.UTF8.GetBytes("g");
        var hash = new BlockHash(Blake3.Hash(payload));
        blocks.Put(hash, payload, durable: false);
        ReceivedEntry Entry(string path, bool dir) => new(vaults.Alice.Vault.Player, "ab", path, dir, dir ? 0 : 1, Blake3.Hash(dir ? [] : payload), 0,
            AccessMode.Transfer, 0, vaults.Alice.Vault.Player, dir ? [] : [new BlockRef(hash, 1)], [], false);
        // r/f is a file, and r/f/g claims it is a folder (a manifest can say so; a filesystem cannot hold it).
        List<ReceivedEntry> entries = [Entry("r", true), Entry("r/f", false), Entry("r/f/g", false)];

        var failure = Assert.Throws<SharingException>(() => TransferWriter.Write(bob.Fs, "inbox", entries, blocks));
        Assert.That(failure!.Message, Does.Contain("its parent is a file"));
        Assert.That(Names(bob, "inbox"), Is.Empty, "the staging folder is removed");
        Assert.That(bob.Vault.Tree.Resolve("inbox/r"), Is.Null);

        // A well-formed transfer still lands, under the root's name.
        Assert.That(TransferWriter.Write(bob.Fs, "inbox", entries[..2], blocks), Is.EqualTo("inbox/r"));
        Assert.That(Names(bob, "inbox"), Is.EqualTo(new[] { "r" }));
    }

    [Test]
    public void ATransferOfferExpires_AndTheGiverKeepsItsFile()
    {
        var aliceClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var vaults = new PairedVaults(aliceClock);
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        bob.Sharing.SetAutoAccept("alice", false);
        alice.Write("gift.txt", Encoding.UTF8.GetBytes("a gift nobody took"));
        alice.Sharing.Share("gift.txt", "bob", AccessMode.Transfer);
        Wait.Until(() => bob.Sharing.Offers().Any(o => o.Root == "gift.txt" && o.State == OfferState.Pending), "bob to list the transfer as pending");

        aliceClock.Advance(SharingService.TransferOfferLifetime + TimeSpan.FromMinutes(1));
        Wait.Until(() => alice.Sharing.Grants().Single().RecalledNs > 0, "the expired transfer grant to be withdrawn");
        Wait.Until(() => bob.Sharing.Offers().Count == 0, "the expired offer to leave bob's list");
        Assert.That(alice.Lookup("gift.txt"), Is.EqualTo(Errno.None), "the giver keeps its file");
        Assert.That(alice.LogText(), Does.Contain("expired unaccepted"));
    }

    [Test]
    public void AnAddressThatCannotFormAUri_IsReportedInPeersJson_AndTheLoopKeepsGoing()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        using (var db = SharingDatabase.Open(bob.Directory))
        {
            db.AddPeer("alice", alice.Vault.Player, "bad host\nname", alice.Port, 1);
        }
        Wait.Until(() => bob.Sharing.PeersJson().Contains("\"state\": \"bad address\"", StringComparison.Ordinal), "bob's peers.json to report the bad address");
        Assert.That(bob.Sharing.PeersJson(), Does.Contain("bad host\\\\u000aname"), "the address is quoted bounded, its newline escaped");

        bob.Sharing.AddPeer("alice", alice.Sharing.Invite, autoAccept: true);
        alice.Write("after.txt", Encoding.UTF8.GetBytes("synced after the fix"));
        alice.Sharing.Share("after.txt", "bob", AccessMode.Revocable);
        Wait.Until(() => bob.Sharing.Get(ShareScope.Peer, "alice", "after.txt") is not null, "syncing to resume once the address is fixed");
    }

    [Test]
    public void AModeOfAnyLengthWithNewlines_IsBoundedInTheError()
    {
        var steward = new PlayerId(Blake3.Hash([1]));
        var mode = "Evil\nforged log line " + new string('x', 100_000);
        var manifest = new ManifestDto(steward.ToString(), [new GrantDto(new string('a', 32), mode, 0, [], [])]);
        var error = Assert.Throws<PeerProtocolException>(() => IncomingGrant.FromManifest(manifest, steward));
        Assert.That(error!.Message, Does.Not.Contain("\n"));
        Assert.That(error.Message, Does.Contain("Evil\\u000aforged"));
        Assert.That(error.Message.Length, Is.LessThan(100));
    }

    [Test]
    public void PeerText_EscapesControlsAndLoneSurrogates_KeepsPairs_AndCuts()
    {
        Assert.That(PeerText.Bound("a\r\nb\u001b[31m\u2028"), Is.EqualTo("a\\u000d\\u000ab\\u001b[31m\\u2028"));
        Assert.That(PeerText.Bound("ok 😀 " + '\ud800'), Is.EqualTo("ok 😀 \\ud800"));
        Assert.That(PeerText.Bound(new string('y', 1000), 10), Is.EqualTo(new string('y', 10) + "…"));
        Assert.That(PeerText.Bound(null), Is.EqualTo(""));
    }

    private static List<string> Names(SharingNode node, string folder)
    {
        var fs = node.Fs;
        if (fs.Lookup(ReservedInodes.Vault, folder, out var dir) != Errno.None) return [];
        var names = new List<string>();
        try
        {
            Assert.That(fs.OpenDirectory(dir.Inode, CallerContext.Self, out var handle), Is.EqualTo(Errno.None));
            fs.ReadDirectory(dir.Inode, handle, 0, false, (in DirectoryEntry e) =>
            {
                if (e.Name is not "." and not "..") names.Add(e.Name);
                return true;
            });
            fs.ReleaseDirectory(dir.Inode, handle);
        }
        finally
        {
            fs.Forget(dir.Inode, 1);
        }
        return names;
    }
}
