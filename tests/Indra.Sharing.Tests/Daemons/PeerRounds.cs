using System.Globalization;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Waits on what a daemon's peers.json says about one peer: its state, and how many times it has answered since a
/// moment (each answer is one sync round: a manifest fetched and applied before the next).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class PeerRounds
{
    /// <summary>The last contact <paramref name="vault"/> records with <paramref name="peer"/> (UTC), or null when never.</summary>
    internal static DateTime? LastContact(DaemonVault vault, string peer)
    {
        using var json = vault.PeersJson();
        foreach (var p in json.RootElement.GetProperty("peers").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() != peer) continue;
            var text = p.GetProperty("last_contact").GetString();
            return string.IsNullOrEmpty(text) ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }
        return null;
    }

    /// <summary>
    /// Waits until <paramref name="vault"/> has heard from <paramref name="peer"/> <paramref name="rounds"/> more times:
    /// everything the peer served from now on has been applied at least once when this returns.
    /// </summary>
    internal static void Wait(DaemonVault vault, string peer, int rounds = 2)
    {
        var seen = LastContact(vault, peer) ?? DateTime.MinValue;
        for (var i = 0; i < rounds; i++)
        {
            var before = seen;
            Indra.Tests.Shared.Wait.Until(() => (seen = LastContact(vault, peer) ?? DateTime.MinValue) > before, $"{vault.Name} to hear from {peer} again", TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The state <paramref name="vault"/>'s peers.json gives <paramref name="peer"/>.</summary>
    internal static string? State(DaemonVault vault, string peer) => DaemonTrioTests.PeerState(vault, peer);
}
