using System.Net;
using System.Text;
using Indra.Hashing;
using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Transfers as offers (issue 12, items 2 and 4): one that cannot be written fails once, leaves no staging folder, is
/// marked failed and is not retried every second; accepting names the version taken, so a giver that edited since
/// keeps its file; a path turned into a symlink at the giver deletes nothing outside its vault; the recipient's mount
/// shows a received transfer at once.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TransferOfferTests
{
    [Test]
    public void ATransferTooLongForTheRecipientsStaging_FailsOnce_LeavesNoStaging_AndIsNotRetriedEverySecond()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        // 16 folders of 254 characters and a file: 4,086 characters as alice shares it ("deep/..."), under PATH_MAX at
        // alice, but over it under bob's inbox/.indra-transfer-<id>/. Made with relative steps (the absolute path through
        // the mount is longer than PATH_MAX).
        var segment = new string('d', 254);
        Shell.Bash($"cd '{alice.Vault}' && mkdir deep && cd deep && for i in $(seq 16); do mkdir {segment}; cd {segment}; done; echo payload > f").Ok();
        var inbox = Path.Combine(bob.Vault, "inbox");
        try
        {
            alice.Cli("share", "deep", "--with", "bob", "--mode", "transfer").Ok();
            var offer = Offers.WaitFor(bob, alice, "deep", "failed");
            Assert.That(offer.Reason, Does.Contain("over the 4095-byte limit"));
            Assert.That(Offers.Staging(inbox), Is.Empty, "no staging folder is left behind");
            var json = Offers.PeerJson(bob, alice);
            Assert.That(json.GetProperty("state").GetString(), Is.EqualTo("online"), "a local write failure is not the giver being unreachable");
            var failed = json.GetProperty("offers_failed").EnumerateArray().Single();
            Assert.That(failed.GetProperty("attempts").GetInt32(), Is.EqualTo(1));

            // Three more sync rounds with alice (each updates last_contact) do not try it again.
            var since = DateTime.Parse(json.GetProperty("last_contact").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
            Wait.Until(() => DateTime.Parse(Offers.PeerJson(bob, alice).GetProperty("last_contact").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind) >= since.AddSeconds(3),
                "three more sync rounds of bob with alice");
            Assert.That(Offers.PeerJson(bob, alice).GetProperty("offers_failed").EnumerateArray().Single().GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(Offers.Staging(inbox), Is.Empty);
            Assert.That(CountLines(bob.LogText(), $"offer {offer.Id} from alice"), Is.EqualTo(1), "one failure logged");
            Assert.That(Directory.Exists(Path.Combine(alice.Vault, "deep")), Is.True, "the giver keeps what was not taken");
        }
        finally
        {
            alice.Cli("recall", "deep", "--from", "bob");
            Shell.Bash($"cd '{alice.Vault}' && rm -rf deep").Ok();
        }
    }

    [Test]
    public void AcceptingAfterTheGiverEdited_RemovesNothingTheRecipientDidNotReceive()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        Offers.WithConsent(bob, alice, () =>
        {
            var file = Path.Combine(alice.Vault, "tx-edit", "doc.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var v1 = Encoding.UTF8.GetBytes("version one\n");
            File.WriteAllBytes(file, v1);
            try
            {
                alice.Cli("share", "tx-edit/doc.txt", "--with", "bob", "--mode", "transfer").Ok();
                var offer = Offers.WaitFor(bob, alice, "doc.txt", "pending");
                const string v2 = "version two, edited after the offer\n";
                File.WriteAllText(file, v2);
                Wait.Until(() => Offers.Find(bob, alice, "doc.txt")?.Bytes == v2.Length, "bob to see the edited version offered");

                // bob's key accepts the version it was first offered (as a recipient that verified v1 would).
                using var raw = new RawPeer(Offers.Port(alice), Offers.CertificateOf(bob));
                var accept = new StringContent($"{{\"id\":\"{Blake3.Hash(v1)}\"}}", Encoding.UTF8, "application/json");
                Assert.That(raw.Send(HttpMethod.Post, $"v1/transfers/{offer.Id}/accept", accept), Is.EqualTo(HttpStatusCode.NoContent));
                Assert.That(File.ReadAllText(file), Is.EqualTo(v2), "the giver keeps its edited file");
                Assert.That(alice.LogText(), Does.Contain("our copy stays"));
                Assert.That(alice.Cli("grants", "--all").Ok().Stdout, Does.Contain("/vault/tx-edit/doc.txt\tbob\tTransfer\ttransferred"));
            }
            finally
            {
                alice.Cli("recall", "tx-edit/doc.txt", "--from", "bob");
                Wait.Until(() => Offers.Find(bob, alice, "doc.txt") is null, "the offer to leave bob's list");
            }
        });
    }

    [Test]
    public void AnAcceptedTransfer_TakesTheVersionOfferedAtAcceptance_AndShowsAtOnceOnTheRecipientsMount()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var inbox = Path.Combine(bob.Vault, "inbox");
        Offers.WithConsent(bob, alice, () =>
        {
            var file = Path.Combine(alice.Vault, "tx-cli", "moved.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "first\n");
            Directory.CreateDirectory(inbox);
            alice.Cli("share", "tx-cli/moved.txt", "--with", "bob", "--mode", "transfer").Ok();
            var offer = Offers.WaitFor(bob, alice, "moved.txt", "pending");
            const string second = "second, edited before bob accepted\n";
            File.WriteAllText(file, second);
            Wait.Until(() => Offers.Find(bob, alice, "moved.txt")?.Bytes == second.Length, "bob to see the edited version offered");
            // The kernel now holds bob's inbox listing (cache_readdir) and a negative entry for the name.
            Assert.That(Directory.GetFileSystemEntries(inbox).Select(Path.GetFileName), Does.Not.Contain("moved.txt"));
            Assert.That(File.Exists(Path.Combine(inbox, "moved.txt")), Is.False);

            bob.Cli("accept", offer.Id).Ok();
            Wait.Until(() => !File.Exists(file), "alice to give up her copy once bob took it");
            Assert.That(Directory.GetFileSystemEntries(inbox).Select(Path.GetFileName), Does.Contain("moved.txt"), "the listing shows it at once");
            Assert.That(File.ReadAllText(Path.Combine(inbox, "moved.txt")), Is.EqualTo(second));
            Assert.That(Offers.Staging(inbox), Is.Empty);
            File.Delete(Path.Combine(inbox, "moved.txt"));
        });
    }

    [Test]
    public void APathTurnedIntoASymlinkAtTheGiver_DeletesNothingOutsideItsVault()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var outside = Path.Combine(DaemonTrio.Root, "outside-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(outside);
        var content = Encoding.UTF8.GetBytes("precious, outside the vault\n");
        File.WriteAllBytes(Path.Combine(outside, "f.txt"), content);
        Offers.WithConsent(bob, alice, () =>
        {
            var sub = Path.Combine(alice.Vault, "tx-link", "sub");
            var moved = sub + "-moved";
            Directory.CreateDirectory(sub);
            File.WriteAllBytes(Path.Combine(sub, "f.txt"), content);
            try
            {
                alice.Cli("share", "tx-link/sub/f.txt", "--with", "bob", "--mode", "transfer").Ok();
                var offer = Offers.WaitFor(bob, alice, "f.txt", "pending");
                // The granted file moves away with its folder (the grant follows it: it stays alive, so the acceptance
                // below is served, with no race against the daemon noticing a deletion), and the offered path now
                // leads outside the vault.
                Directory.Move(sub, moved);
                File.CreateSymbolicLink(sub, outside);
                Assert.That(File.ReadAllBytes(Path.Combine(sub, "f.txt")), Is.EqualTo(content), "through the mount the path now leads outside");

                using var raw = new RawPeer(Offers.Port(alice), Offers.CertificateOf(bob));
                var accept = new StringContent($"{{\"id\":\"{Blake3.Hash(content)}\"}}", Encoding.UTF8, "application/json");
                Assert.That(raw.Send(HttpMethod.Post, $"v1/transfers/{offer.Id}/accept", accept), Is.EqualTo(HttpStatusCode.NoContent));
                Assert.That(File.ReadAllBytes(Path.Combine(outside, "f.txt")), Is.EqualTo(content), "the file outside the vault is untouched");
                Assert.That(File.Exists(Path.Combine(moved, "f.txt")), Is.False, "alice gave up the granted file itself, where it is now");
                Assert.That(alice.Cli("grants", "--all").Ok().Stdout, Does.Match(@"/vault/tx-link/sub(-moved)?/f\.txt\tbob\tTransfer\ttransferred"), "the path recorded when the grant was made or where the file went");
            }
            finally
            {
                alice.Cli("recall", "tx-link/sub-moved/f.txt", "--from", "bob");
                File.Delete(sub);
                if (Directory.Exists(moved)) Directory.Delete(moved, recursive: true);
                Wait.Until(() => Offers.Find(bob, alice, "f.txt") is null, "the offer to leave bob's list");
            }
        });
    }

    [Test]
    public void AnAcceptanceOfNoSuchTransferOrNamingNoVersion_IsRefused()
    {
        var (alice, carol) = (DaemonTrio.Alice, DaemonTrio.Carol);
        using var raw = new RawPeer(Offers.Port(alice), Offers.CertificateOf(carol));
        var accept = new StringContent($"{{\"id\":\"{Blake3.Hash([])}\"}}", Encoding.UTF8, "application/json");
        Assert.That(raw.Send(HttpMethod.Post, $"v1/transfers/{new string('a', 32)}/accept", accept), Is.EqualTo(HttpStatusCode.NotFound), "no such transfer");
        Assert.That(raw.Send(HttpMethod.Post, $"v1/transfers/{new string('a', 32)}/accept", new StringContent("{}", Encoding.UTF8, "application/json")), Is.EqualTo(HttpStatusCode.BadRequest), "no id named");
    }

    private static int CountLines(string text, string fragment) => text.Split('\n').Count(l => l.Contains(fragment, StringComparison.Ordinal));
}
