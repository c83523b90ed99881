using System.Text.Json;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Peers' attention and sync in the terminal views, through real daemons: bob reads a file alice shares with him, and
/// alice's <c>indra top --json</c> shows bob's views (the control API's attention feed, served by alice's daemon);
/// alice's <c>indra status</c> names her peers with their sync state (plain <c>Sync:</c> line and <c>--json</c>).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AttentionViewDaemonTests
{
    [Test]
    public void TopShowsAPeersViewsAndStatusItsSync()
    {
        var alice = DaemonTrio.Alice;
        var bob = DaemonTrio.Bob;
        var file = Path.Combine(alice.Vault, "attention-view", "seen.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "bob looks at this\n");
        alice.Cli("share", "attention-view/seen.txt", "--with", "bob").Ok();
        try
        {
            var seen = Path.Combine(bob.PeerView("alice"), "seen.txt");
            Wait.Until(() => File.Exists(seen), "seen.txt under bob's /peers/alice");
            for (var i = 0; i < 3; i++) Assert.That(File.ReadAllText(seen), Is.EqualTo("bob looks at this\n"));

            JsonElement? view = null;
            Wait.Until(() =>
            {
                var line = alice.Cli("top", "--json", "--iterations", "1", "--interval", "0.1").Ok().Stdout;
                using var refresh = JsonDocument.Parse(line);
                var peers = refresh.RootElement.GetProperty("peers").EnumerateArray()
                    .Where(p => p.GetProperty("peer").GetString() == "bob" && p.GetProperty("path").GetString() == "attention-view/seen.txt").ToList();
                if (peers.Count == 0) return false;
                view = peers[0].Clone();
                return true;
            }, "bob's views in alice's indra top");
            Assert.That(view!.Value.GetProperty("views").GetInt64(), Is.GreaterThanOrEqualTo(1));
            Assert.That(view.Value.GetProperty("last_at").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-10)));

            Wait.Until(() => alice.Cli("status").Ok().Stdout.Split('\n').Any(l => l.StartsWith("Sync: ", StringComparison.Ordinal) && l.Contains("bob connected", StringComparison.Ordinal)),
                "alice's status to show bob connected");
            using var status = JsonDocument.Parse(alice.Cli("status", "--json").Ok().Stdout);
            var bobEntry = status.RootElement.GetProperty("peers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "bob");
            Assert.That(bobEntry.GetProperty("last_seen_at").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
            Assert.That(status.RootElement.GetProperty("peers_paired").GetInt32(), Is.EqualTo(status.RootElement.GetProperty("peers").GetArrayLength()));
        }
        finally
        {
            alice.Cli("recall", "attention-view/seen.txt", "--from", "bob").Ok();
        }
    }
}
