namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// <c>indra peer remove</c> through real daemons: the removed peer is told "unpaired" and empties its view within a
/// sync round; pairing it again starts with no grants; a new player paired under a removed name does not join the
/// removed one's realms. Each test pairs alice and bob again before it ends.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PeerRemovalTests
{
    [Test]
    public void ARemovedPeer_EmptiesItsViewWithinARound_AndPairingAgainShowsNothingUntilANewShare()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (kept, later) = ($"before-{tag}.txt", $"after-{tag}.txt");
        File.WriteAllText(Path.Combine(alice.Vault, kept), "shared before the removal\n");
        alice.Cli("share", kept, "--with", "bob").Ok();
        var seen = Path.Combine(bob.PeerView("alice"), kept);
        Wait.Until(() => File.Exists(seen), $"{kept} under bob's /peers/alice");
        Wait.Until(() => PeerRounds.State(bob, "alice") == "online", "bob to see alice online");

        try
        {
            alice.Cli("peer", "remove", "bob").Ok();
            // One round: alice's daemon reads the removal (one sync interval), bob's next poll (one more) is answered
            // "unpaired" and bob drops what alice showed; 5 s leaves room for a loaded machine.
            Wait.Until(() => !File.Exists(seen), "bob's view of alice to empty", TimeSpan.FromSeconds(5));
            Wait.Until(() => PeerRounds.State(bob, "alice") == "unpaired", "bob's peers.json to say alice unpaired it");
            Assert.That(alice.Cli("grants", "--all").Ok().Stdout, Does.Contain($"/vault/{kept}\tbob\tRevocable\trecalled"));
        }
        finally
        {
            // As the trio paired them (whatever settings it gives a pairing); bob's side is unchanged by this.
            DaemonVault.Pair(alice, bob);
        }
        Wait.Until(() => PeerRounds.State(bob, "alice") == "online", "bob's slow poll to find alice paired again", TimeSpan.FromSeconds(40));
        PeerRounds.Wait(bob, "alice");
        Assert.That(File.Exists(seen), Is.False, "pairing again brings no old grant back");
        Assert.That(alice.Cli("grants").Ok().Stdout, Does.Not.Contain(kept));

        File.WriteAllText(Path.Combine(alice.Vault, later), "shared after pairing again\n");
        alice.Cli("share", later, "--with", "bob").Ok();
        var seenLater = Path.Combine(bob.PeerView("alice"), later);
        Wait.Until(() => File.Exists(seenLater), "a new share to reach bob");
        Assert.That(File.ReadAllText(seenLater), Is.EqualTo("shared after pairing again\n"));
        Assert.That(File.Exists(seen), Is.False);

        alice.Cli("recall", later, "--from", "bob").Ok();
        Wait.Until(() => !File.Exists(seenLater), "the clean-up recall to reach bob");
        File.Delete(Path.Combine(alice.Vault, kept));
        File.Delete(Path.Combine(alice.Vault, later));
    }

    [Test]
    public void ANewPeerUnderARemovedMembersName_DoesNotJoinTheRealm()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var realm = $"crew-{tag}";
        using var dave = new DaemonVault(DaemonTrio.Root, $"dave-{tag}", mount: false);
        var (both, carolOnly) = ($"both-{tag}.txt", $"carol-only-{tag}.txt");
        File.WriteAllText(Path.Combine(alice.Vault, both), "for the whole crew\n");
        File.WriteAllText(Path.Combine(alice.Vault, carolOnly), "for carol only\n");
        alice.Cli("realm", "create", realm, "--members", "bob,carol").Ok();
        alice.Cli("share", both, "--with", "bob").Ok();
        alice.Cli("share", both, "--with", "carol").Ok();
        alice.Cli("share", carolOnly, "--with", "carol").Ok();
        var mine = Path.Combine(alice.MountPoint, "realms", realm, "me");
        Wait.Until(() => File.Exists(Path.Combine(mine, both)), "alice's realm view to show what bob and carol both have");
        Assert.That(File.Exists(Path.Combine(mine, carolOnly)), Is.False, "bob lacks it, so the crew's view does not show it");

        try
        {
            alice.Cli("peer", "remove", "bob").Ok();
            Wait.Until(() => File.Exists(Path.Combine(mine, carolOnly)), "with bob gone, the crew is carol: her file shows");
            alice.Cli("peer", "add", "bob", dave.Invite).Ok();
            Assert.That(alice.Cli("realm", "list").Ok().Stdout, Does.Contain($"{realm}\tcarol\n"), "the crew lists its paired members; the new 'bob' is not one");
            Wait.Until(() => PeerPlayer(alice, "bob") == dave.PlayerId, "alice's daemon to pair the new 'bob'");
            PeerRounds.Wait(alice, "carol");
            Assert.That(File.Exists(Path.Combine(mine, carolOnly)), Is.True, "the new 'bob' did not join the crew (it would hide carol's file)");
            Assert.That(File.Exists(Path.Combine(mine, both)), Is.True, "carol still has it");
        }
        finally
        {
            alice.Cli("peer", "remove", "bob");
            DaemonVault.Pair(alice, bob);
            alice.Cli("realm", "delete", realm).Ok();
        }
        Wait.Until(() => PeerRounds.State(bob, "alice") == "online", "bob's slow poll to find alice paired again", TimeSpan.FromSeconds(40));
        alice.Cli("recall", both, "--from", "carol").Ok();
        alice.Cli("recall", carolOnly, "--from", "carol").Ok();
        File.Delete(Path.Combine(alice.Vault, both));
        File.Delete(Path.Combine(alice.Vault, carolOnly));
    }

    /// <summary>The player id <paramref name="vault"/>'s peers.json gives peer <paramref name="name"/>.</summary>
    private static string? PeerPlayer(DaemonVault vault, string name)
    {
        using var json = vault.PeersJson();
        foreach (var p in json.RootElement.GetProperty("peers").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() == name) return p.GetProperty("player_id").GetString();
        }
        return null;
    }
}
