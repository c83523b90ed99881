using System.Text.Json;

namespace Indra.Dashboard.Tests;

/// <summary>
/// <c>/.indra/sync-status.json</c> between two real daemons (alice and bob, paired through the CLI, bob asking before
/// he accepts alice's offers) and a third peer that never answers: an offer waiting for consent counts as pending,
/// an accepted one is fetched (its bytes counted, none left in flight) and the peer shows its last sync; the silent
/// peer shows failed rounds and its last error, and never a sync.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SyncStatusTests
{
    [Test]
    public void Sync_status_shows_pending_offers_fetched_bytes_last_sync_and_errors_per_peer()
    {
        var root = Path.Combine(DashboardDaemon.Root, "sync");
        using var alice = new DaemonVault(root, "alice");
        using var bob = new DaemonVault(root, "bob");
        DaemonVault.Pair(alice, bob, autoAccept: false);
        var ghostId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        bob.Cli("peer", "add", "ghost", $"indra:{ghostId}@127.0.0.1:{DaemonVault.FreePort()}").Ok();
        var report = new byte[300_000];
        Random.Shared.NextBytes(report);
        File.WriteAllBytes(Path.Combine(alice.Vault, "report.bin"), report);
        alice.Cli("share", "report.bin", "--with", "bob").Ok();

        // A round records the offer it found before it ends, and only an ended round sets last_sync: wait for both.
        Wait.Until(() => Peer(bob, "alice") is { } a && a.GetProperty("offers_pending").GetInt32() == 1 && a.GetProperty("last_sync").GetString() is { Length: > 0 },
            "bob's offer from alice to wait for his consent, after a round that reached alice", TimeSpan.FromSeconds(30));
        var waiting = Peer(bob, "alice")!.Value;
        Assert.That(waiting.GetProperty("bytes_fetched").GetInt64(), Is.Zero, "nothing fetched before consent");

        bob.Cli("peer", "auto-accept", "alice", "on").Ok();
        Wait.Until(() => Peer(bob, "alice") is { } a && a.GetProperty("offers_pending").GetInt32() == 0 && a.GetProperty("bytes_fetched").GetInt64() >= report.Length
            && a.GetProperty("rounds").GetInt64() >= 2, "bob to fetch alice's report and finish that round (a round counts when it ends)", TimeSpan.FromSeconds(30));
        var synced = Peer(bob, "alice")!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(synced.GetProperty("state").GetString(), Is.EqualTo("online"));
            Assert.That(synced.GetProperty("bytes_in_flight").GetInt64(), Is.Zero, "nothing left in flight");
            Assert.That(synced.GetProperty("errors").GetInt64(), Is.Zero);
            Assert.That(synced.GetProperty("rounds").GetInt64(), Is.GreaterThanOrEqualTo(2));
            Assert.That(DateTimeOffset.Parse(synced.GetProperty("last_sync").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)), "a recent sync");
        });
        var received = Path.Combine(bob.PeerView("alice"), "report.bin");
        Wait.Until(() => File.Exists(received), "alice's report in bob's view of her");
        Assert.That(File.ReadAllBytes(received), Is.EqualTo(report), "what was counted is what arrived");

        Wait.Until(() => Peer(bob, "ghost") is { } g && g.GetProperty("errors").GetInt64() >= 2, "failed rounds with the silent peer", TimeSpan.FromSeconds(30));
        var ghost = Peer(bob, "ghost")!.Value;
        Assert.That(ghost.GetProperty("last_error").GetString(), Is.Not.Empty);
        Assert.That(ghost.GetProperty("last_sync").GetString(), Is.Empty, "never synced");
        Assert.That(Peer(alice, "bob"), Is.Not.Null, "alice lists bob too");
    }

    /// <summary>The entry of <paramref name="peer"/> in <paramref name="vault"/>'s MOUNT/.indra/sync-status.json, or null.</summary>
    private static JsonElement? Peer(DaemonVault vault, string peer)
    {
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(vault.MountPoint, ".indra", "sync-status.json")));
        foreach (var entry in status.RootElement.GetProperty("peers").EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() == peer) return entry.Clone();
        }
        return null;
    }
}
