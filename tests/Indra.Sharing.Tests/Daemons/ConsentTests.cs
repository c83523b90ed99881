using System.Text;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Grants and transfers from a peer are offers (issue 12, item 2): with auto-accept off nothing shows until
/// <c>indra accept</c>, a declined offer stays away, later versions of an accepted grant flow without asking, and an
/// offer over the peer's quota is marked failed with the reason.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConsentTests
{
    [Test]
    public void WithAutoAcceptOff_AShareShowsOnlyAfterAccept_AndADeclinedOneStaysAway()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        Offers.WithConsent(bob, alice, () =>
        {
            var folder = Path.Combine(alice.Vault, "consent");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "wanted.txt"), "wanted v1\n");
            File.WriteAllText(Path.Combine(folder, "unwanted.txt"), "unwanted\n");
            File.WriteAllText(Path.Combine(folder, "later.txt"), "later\n");
            var view = bob.PeerView("alice");
            try
            {
                alice.Cli("share", "consent/wanted.txt", "--with", "bob").Ok();
                alice.Cli("share", "consent/unwanted.txt", "--with", "bob").Ok();
                var wanted = Offers.WaitFor(bob, alice, "wanted.txt", "pending");
                var unwanted = Offers.WaitFor(bob, alice, "unwanted.txt", "pending");
                Assert.That((wanted.Mode, wanted.Entries, wanted.Bytes), Is.EqualTo(("Revocable", 1L, 10L)));
                Assert.That(File.Exists(Path.Combine(view, "wanted.txt")) || File.Exists(Path.Combine(view, "unwanted.txt")), Is.False, "nothing shows while the offers are pending");
                Assert.That(Offers.PeerJson(bob, alice).GetProperty("offers_pending").GetInt32(), Is.EqualTo(2));

                bob.Cli("accept", wanted.Id[..8]).Ok();
                Wait.Until(() => File.Exists(Path.Combine(view, "wanted.txt")), "the accepted share to show under bob's /peers/alice");
                Assert.That(File.ReadAllText(Path.Combine(view, "wanted.txt")), Is.EqualTo("wanted v1\n"));
                bob.Cli("decline", unwanted.Id).Ok();
                Assert.That(Offers.Find(bob, alice, "unwanted.txt")!.State, Is.EqualTo("declined"));

                // A new share made after the decline shows up as pending: bob's daemon has looked at alice's grants since.
                alice.Cli("share", "consent/later.txt", "--with", "bob").Ok();
                Offers.WaitFor(bob, alice, "later.txt", "pending");
                Assert.That(File.Exists(Path.Combine(view, "unwanted.txt")), Is.False, "a declined offer is not fetched");
                Assert.That(Offers.Find(bob, alice, "unwanted.txt")!.State, Is.EqualTo("declined"));

                // A later version of the accepted grant flows in without asking.
                File.WriteAllText(Path.Combine(folder, "wanted.txt"), "wanted v2, longer\n");
                Wait.Until(() => File.ReadAllText(Path.Combine(view, "wanted.txt")) == "wanted v2, longer\n", "the edit of an accepted share to reach bob");
                Assert.That(Offers.Find(bob, alice, "wanted.txt")!.State, Is.EqualTo("accepted"));
            }
            finally
            {
                string[] names = ["wanted.txt", "unwanted.txt", "later.txt"];
                foreach (var name in names) alice.Cli("recall", "consent/" + name, "--from", "bob");
                Wait.Until(() => !Offers.List(bob).Any(o => o.Peer == "alice" && names.Contains(o.Name)), "the recalled offers to leave bob's list");
            }
        });
    }

    [Test]
    public void AnOfferOverThePeersQuota_IsMarkedFailed_AndComesInWhenTheQuotaIsRaised()
    {
        var (alice, carol) = (DaemonTrio.Alice, DaemonTrio.Carol);
        var file = Path.Combine(alice.Vault, "quota", "big.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, Encoding.ASCII.GetBytes(new string('q', 5000)));
        carol.Cli("peer", "quota", "alice", "--bytes", "1000").Ok();
        var seen = Path.Combine(carol.PeerView("alice"), "big.bin");
        try
        {
            alice.Cli("share", "quota/big.bin", "--with", "carol").Ok();
            var offer = Offers.WaitFor(carol, alice, "big.bin", "failed");
            Assert.That(offer.Reason, Does.Contain("over quota").And.Contain("1000 bytes"));
            Assert.That(File.Exists(seen), Is.False);
            var failed = Offers.PeerJson(carol, alice).GetProperty("offers_failed").EnumerateArray().Single();
            Assert.That(failed.GetProperty("id").GetString(), Is.EqualTo(offer.Id));
            Assert.That(failed.GetProperty("reason").GetString(), Does.Contain("over quota"));
            Assert.That(Offers.PeerJson(carol, alice).GetProperty("state").GetString(), Is.EqualTo("online"), "a refused offer is not the peer being unreachable");
            Assert.That(carol.Cli("status").Ok().Stdout, Does.Contain("failed: " + offer.Id).And.Contain("over quota"));

            carol.Cli("peer", "quota", "alice", "--bytes", Indra.Sharing.State.PeerPolicy.DefaultQuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)).Ok();
            Wait.Until(() => File.Exists(seen), "the offer to come in once the quota allows it");
            Assert.That(Offers.Find(carol, alice, "big.bin")!.State, Is.EqualTo("accepted"));
        }
        finally
        {
            carol.Cli("peer", "quota", "alice", "--bytes", Indra.Sharing.State.PeerPolicy.DefaultQuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)).Ok();
            alice.Cli("recall", "quota/big.bin", "--from", "carol");
            Wait.Until(() => !File.Exists(seen), "the recall to reach carol");
        }
    }
}
