using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// The CLI's realm and peer-removal verbs against a mounted vault go through the daemon's control API: each takes
/// effect in the mount at once (checked without waiting), and the daemon itself did it (its log says so).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlVerbTests
{
    [Test]
    public void RealmAndPeerVerbs_TakeEffectInTheMountAtOnce()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var alice = new DaemonVault(DaemonTrio.Root, "cv-alice-" + tag);
        using var bob = new DaemonVault(DaemonTrio.Root, "cv-bob-" + tag, mount: false);
        DaemonVault.Pair(alice, bob);
        var peerView = alice.PeerView(bob.Name);
        Wait.Until(() => Directory.Exists(peerView), "alice's mount to show the paired bob");

        var realm = Path.Combine(alice.MountPoint, "realms", "team");
        Assert.That(Directory.Exists(realm), Is.False);
        alice.Cli("realm", "create", "team", "--members", bob.Name).Ok();
        Assert.That(Directory.Exists(realm), Is.True, "the realm shows at once");
        Assert.That(alice.Cli("realm", "list").Ok().Stdout, Is.EqualTo($"team\t{bob.Name}\n"));
        Assert.That(alice.Cli("realm", "create", "team", "--members", "nobody").ExitCode, Is.EqualTo(1));

        alice.Cli("realm", "delete", "team").Ok();
        // The daemon has dropped the realm when the verb returns; the kernel's cached entry is invalidated by a queue
        // the FUSE session drains on its own thread, so the listing follows within moments.
        Wait.Until(() => !Directory.Exists(realm), "the realm to leave the mount", TimeSpan.FromSeconds(2));
        var missing = alice.Cli("realm", "delete", "team");
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Stderr, Does.Contain("no realm named 'team'"));

        alice.Cli("peer", "remove", bob.Name).Ok();
        Wait.Until(() => !Directory.Exists(peerView), "the peer's view to leave the mount", TimeSpan.FromSeconds(2));
        Assert.That(alice.LogText(), Does.Contain($"unpaired {bob.Name}"), "the daemon unpaired it (the CLI did not write behind its back)");
        Assert.That(alice.Cli("peer", "remove", bob.Name).ExitCode, Is.EqualTo(1), "no paired peer of that name any more");
    }
}
