using System.Globalization;
using System.Text;
using Indra.Sharing.State;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// The consent verbs (<c>indra accept</c>, <c>peer quota</c>, <c>peer auto-accept</c>) against a mounted vault go
/// through the daemon's control API: the daemon itself records the change (its log says so, the CLI wrote nothing
/// behind its back) and acts on it in its next round with the peer, so the offered file appears under the mount.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlConsentTests
{
    private static readonly string DefaultQuota = PeerPolicy.DefaultQuotaBytes.ToString(CultureInfo.InvariantCulture);

    [Test]
    public void AcceptWhileMounted_IsTheDaemons_AndTheOfferedFileAppears()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var folder = $"cc-{Guid.NewGuid():N}"[..12];
        Directory.CreateDirectory(Path.Combine(alice.Vault, folder));
        File.WriteAllText(Path.Combine(alice.Vault, folder, "asked.txt"), "asked for\n");
        var seen = Path.Combine(bob.PeerView("alice"), "asked.txt");
        Offers.WithConsent(bob, alice, () =>
        {
            Assert.That(bob.LogText(), Does.Contain("control: auto-accept of alice turned off"), "the daemon turned auto-accept off");
            try
            {
                alice.Cli("share", $"{folder}/asked.txt", "--with", "bob").Ok();
                var offer = Offers.WaitFor(bob, alice, "asked.txt", "pending");
                Assert.That(File.Exists(seen), Is.False, "nothing shows while the offer is pending");

                var accepted = bob.Cli("accept", offer.Id[..8]).Ok();
                Assert.That(accepted.Stdout, Is.EqualTo($"accepted Revocable asked.txt ({offer.Id})\n"));
                Assert.That(bob.LogText(), Does.Contain($"control: accepted offer {offer.Id} of alice (asked.txt)"), "the daemon accepted it");
                Assert.That(Offers.Find(bob, alice, "asked.txt")!.State, Is.EqualTo("accepted"), "listed as accepted at once");
                Wait.Until(() => File.Exists(seen), "the accepted offer to show under bob's /peers/alice");
                Assert.That(File.ReadAllText(seen), Is.EqualTo("asked for\n"));

                var unknown = bob.Cli("accept", "ffffffffff");
                Assert.That((unknown.ExitCode, unknown.Stderr), Is.EqualTo((1, "indra: no offer 'ffffffffff' (see 'indra offers')\n")));
                var tooShort = bob.Cli("decline", "ab");
                Assert.That(tooShort.ExitCode, Is.EqualTo(1));
                Assert.That(tooShort.Stderr, Does.StartWith("indra: 'ab' is too short"));
            }
            finally
            {
                alice.Cli("recall", $"{folder}/asked.txt", "--from", "bob");
                Wait.Until(() => !File.Exists(seen), "the recall to reach bob");
            }
        });
    }

    [Test]
    public void QuotaWhileMounted_IsSeenByTheRunningDaemon()
    {
        var (alice, carol) = (DaemonTrio.Alice, DaemonTrio.Carol);
        var folder = $"cq-{Guid.NewGuid():N}"[..12];
        Directory.CreateDirectory(Path.Combine(alice.Vault, folder));
        File.WriteAllBytes(Path.Combine(alice.Vault, folder, "large.bin"), Encoding.ASCII.GetBytes(new string('z', 3000)));
        var seen = Path.Combine(carol.PeerView("alice"), "large.bin");
        try
        {
            Assert.That(carol.Cli("peer", "quota", "alice", "--bytes", "700").Ok().Stdout, Does.StartWith("alice: quota 700 bytes, "));
            Assert.That(carol.LogText(), Does.Contain("control: quota of alice set to 700 bytes"), "the daemon set it");
            alice.Cli("share", $"{folder}/large.bin", "--with", "carol").Ok();
            var offer = Offers.WaitFor(carol, alice, "large.bin", "failed");
            Assert.That(offer.Reason, Does.Contain("the quota is 700 bytes"), "the running daemon applies the quota it was given");

            Assert.That(carol.Cli("peer", "quota", "alice", "--bytes", DefaultQuota).Ok().Stdout, Does.StartWith($"alice: quota {DefaultQuota} bytes, "));
            Wait.Until(() => File.Exists(seen), "the failed offer to come in once the running daemon has the larger quota");
            Assert.That(new FileInfo(seen).Length, Is.EqualTo(3000));
            Assert.That(carol.Cli("peer", "quota", "alice").Ok().Stdout, Does.StartWith($"alice: quota {DefaultQuota} bytes, "), "shown without options");
            var nobody = carol.Cli("peer", "quota", "nobody", "--bytes", "1");
            Assert.That((nobody.ExitCode, nobody.Stderr), Is.EqualTo((1, "indra: no paired peer named 'nobody'\n")));
        }
        finally
        {
            carol.Cli("peer", "quota", "alice", "--bytes", DefaultQuota).Ok();
            alice.Cli("recall", $"{folder}/large.bin", "--from", "carol");
            Wait.Until(() => !File.Exists(seen), "the recall to reach carol");
        }
    }
}
