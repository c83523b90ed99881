namespace Indra.Sharing.Tests.Daemons;

/// <summary>The three daemons pair through the CLI and see each other online; a share reaches the peer's mount.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonTrioTests
{
    [Test]
    public void TheDaemonsArePairedAndAShareReachesThePeersMount()
    {
        var alice = DaemonTrio.Alice;
        var bob = DaemonTrio.Bob;
        Wait.Until(() => PeerState(alice, "bob") == "online" && PeerState(alice, "carol") == "online", "alice to see bob and carol online");
        var file = Path.Combine(alice.Vault, "trio", "hello.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "hello from alice\n");
        alice.Cli("share", "trio/hello.txt", "--with", "bob").Ok();
        var seen = Path.Combine(bob.PeerView("alice"), "hello.txt");
        Wait.Until(() => File.Exists(seen), "hello.txt under bob's /peers/alice");
        Assert.That(File.ReadAllText(seen), Is.EqualTo("hello from alice\n"));
        alice.Cli("recall", "trio/hello.txt", "--from", "bob").Ok();
        Wait.Until(() => !File.Exists(seen), "the recall to reach bob's mount");
    }

    /// <summary>The state peers.json gives <paramref name="peer"/> on <paramref name="vault"/>'s mount.</summary>
    internal static string? PeerState(DaemonVault vault, string peer)
    {
        using var json = vault.PeersJson();
        foreach (var p in json.RootElement.GetProperty("peers").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() == peer) return p.GetProperty("state").GetString();
        }
        return null;
    }

    /// <summary>The offers of <paramref name="peer"/> that peers.json on <paramref name="vault"/>'s mount marks failed: root name and reason.</summary>
    internal static IReadOnlyList<(string Name, string Reason)> FailedOffers(DaemonVault vault, string peer)
    {
        using var json = vault.PeersJson();
        foreach (var p in json.RootElement.GetProperty("peers").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() != peer) continue;
            return p.GetProperty("offers_failed").EnumerateArray().Select(o => (o.GetProperty("name").GetString() ?? "", o.GetProperty("reason").GetString() ?? "")).ToList();
        }
        return [];
    }
}
