using System.Globalization;
using System.Security.Cryptography;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Security;
using Indra.Sharing.Server;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Bounded serving, against real daemons: a paired peer holding thousands of unread block streams leaves the serving
/// daemon under its memory ceiling while another peer syncs, and idle TCP connections do not lock a paired peer out.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServingLimitsTests
{
    /// <summary>Largest vault block size: the most a whole-block buffer could hold per request.</summary>
    private const int BigBlock = 64 * 1024 * 1024;

    [Test]
    public void APeerHolding16384UnreadBlockStreams_LeavesTheDaemonUnderItsCeiling_AndAnotherPeerSyncs()
    {
        var bob = DaemonTrio.Bob;
        var carol = DaemonTrio.Carol;
        // A vault of 64 MiB blocks (the trio's are 1 MiB), paired with bob and carol, serves one block to the attacker.
        using var dave = new DaemonVault(DaemonTrio.Root, "dave", initArguments: ["--block-size", BigBlock.ToString(CultureInfo.InvariantCulture)]);
        DaemonVault.Pair(dave, bob);
        DaemonVault.Pair(dave, carol);
        try
        {
            var big = RandomNumberGenerator.GetBytes(BigBlock);
            Directory.CreateDirectory(Path.Combine(dave.Vault, "held"));
            File.WriteAllBytes(Path.Combine(dave.Vault, "held", "big.bin"), big);
            dave.Cli("share", "held/big.bin", "--with", "bob").Ok();
            Wait.Until(() => File.Exists(Path.Combine(bob.PeerView("dave"), "big.bin")), "big.bin under bob's /peers/dave", TimeSpan.FromSeconds(60));

            // Bob's key in an attacker's hands: 256 connections × 64 streams, each asking for the 64 MiB block.
            using var certificate = CertificateOf(bob);
            var pid = dave.Pid;
            ProcessMemory.ResetPeak(pid);
            var idle = ProcessMemory.Of(pid);
            var peak = idle;
            var port = Invite.Parse(dave.Invite).Port;
            using var attack = new UnreadStreams(port, certificate, "v1/blocks/" + Blake3.Hash(big), connections: 256, streamsPerConnection: 64);
            try
            {
                Wait.Until(() => attack.Settled, "every stream of the attack to be answered or refused", TimeSpan.FromSeconds(120));
                Assert.That(attack.Open, Is.GreaterThan(0), "the attack holds streams whose bodies it never reads");
                Assert.That(attack.Refused, Is.GreaterThan(0), "requests past bob's request budget are answered 429");
                Assert.That(attack.Failed, Is.GreaterThan(0), "connections past bob's connection budget are closed");
                Assert.That(dave.LogText(), Does.Contain($"holds its {ServingLimits.MaxConnectionsPerPeer} connections").And.Contain($"has its {ServingLimits.MaxStreamsPerPeer} requests in progress"));

                // Meanwhile carol is served: a new share reaches her mount.
                File.WriteAllText(Path.Combine(dave.Vault, "held", "for-carol.txt"), "carol is still served\n");
                dave.Cli("share", "held/for-carol.txt", "--with", "carol").Ok();
                var seen = Path.Combine(carol.PeerView("dave"), "for-carol.txt");
                Wait.Until(() => File.Exists(seen), "for-carol.txt under carol's /peers/dave while the streams are held", TimeSpan.FromSeconds(60));
                Assert.That(File.ReadAllText(seen), Is.EqualTo("carol is still served\n"));
            }
            finally
            {
                peak = ProcessMemory.Of(pid);
                TestContext.Out.WriteLine($"attack: {attack}");
                TestContext.Out.WriteLine($"dave's daemon: VmRSS {idle.Resident >> 20} MiB before the attack, {peak.Resident >> 20} MiB after; VmHWM during the attack {peak.Peak >> 20} MiB");
            }
            Assert.That(peak.Peak, Is.LessThanOrEqualTo(ServingLimits.DaemonMemoryCeilingBytes), "peak resident memory of the serving daemon");
        }
        finally
        {
            bob.Cli("peer", "remove", "dave");
            carol.Cli("peer", "remove", "dave");
        }
    }

    [Test]
    public void TwoHundredFiftySixIdleTcpConnections_DoNotLockAPairedPeerOut() => AssertBobGetsThrough("idle", opening: null);

    [Test]
    public void TwoHundredFiftySixStalledHandshakes_DoNotLockAPairedPeerOut() => AssertBobGetsThrough("stalled", IdleConnections.StalledClientHello);

    /// <summary>
    /// While 256 connections to alice's port send <paramref name="opening"/> (or nothing) and then nothing more, each
    /// opened again as soon as alice closes it, bob's daemon starts again and connects anew: its first connection gets
    /// through (bob never finds alice unreachable) and a new share reaches its mount.
    /// </summary>
    private static void AssertBobGetsThrough(string name, byte[]? opening)
    {
        var alice = DaemonTrio.Alice;
        var bob = DaemonTrio.Bob;
        var port = Invite.Parse(alice.Invite).Port;
        var relative = $"crowd/{name}.txt";
        var seen = Path.Combine(bob.PeerView("alice"), $"{name}.txt");
        try
        {
            using var crowd = new IdleConnections(port, 256, opening);
            Wait.Until(() => crowd.Opened >= 256, $"256 {name} connections to alice");
            // Bob's daemon starts again: it needs a new connection, and a TLS handshake, while the crowd is held.
            var logBefore = bob.LogText().Length;
            bob.Unmount();
            bob.Mount();
            var file = Path.Combine(alice.Vault, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, $"through the {name} crowd\n");
            alice.Cli("share", relative, "--with", "bob").Ok();
            try
            {
                Wait.Until(() => File.Exists(seen), $"{name}.txt under bob's /peers/alice while 256 {name} connections are held", TimeSpan.FromSeconds(60));
                Assert.That(File.ReadAllText(seen), Is.EqualTo($"through the {name} crowd\n"));
                Assert.That(crowd.Connected, Is.GreaterThan(0), "the crowd's connections were still held");
                Assert.That(bob.LogText()[logBefore..], Does.Not.Contain("peer alice is unreachable"), "bob's first connection got through");
            }
            finally
            {
                TestContext.Out.WriteLine($"{name} connections: {crowd.Connected} open now, {crowd.Opened} opened in all");
            }
        }
        finally
        {
            alice.Cli("recall", relative, "--from", "bob");
            Wait.Until(() => !File.Exists(seen), "the recall to reach bob's mount");
        }
    }

    /// <summary>A certificate over <paramref name="vault"/>'s player key, read from its identity.key as an attacker who copied it would.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 CertificateOf(DaemonVault vault)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(vault.VaultDirectory, "identity.key")));
        return PeerCertificates.CreateSelfSigned(key, new PlayerId(Blake3.Hash(key.ExportSubjectPublicKeyInfo())));
    }
}
