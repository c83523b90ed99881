namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// <c>indra realm create</c> of a name that exists is refused the same way by the daemon and by the CLI on an
/// unmounted vault: one line, exit 1, and the realm keeps its members (it is never redefined).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RealmCreateTests
{
    [Test]
    public void AnExistingRealm_IsRefused_MountedAndNot()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var owner = new DaemonVault(DaemonTrio.Root, "rc-owner-" + tag, mount: false);
        using var first = new DaemonVault(DaemonTrio.Root, "rc-first-" + tag, mount: false);
        using var second = new DaemonVault(DaemonTrio.Root, "rc-second-" + tag, mount: false);
        DaemonVault.Pair(owner, first);
        DaemonVault.Pair(owner, second);
        foreach (var mounted in new[] { false, true })
        {
            var realm = mounted ? "mounted" : "offline";
            if (mounted) owner.Mount();
            Assert.That(owner.Cli("realm", "create", realm, "--members", first.Name).Ok().Stdout, Is.EqualTo($"realm {realm}: {first.Name}\n"));
            var again = owner.Cli("realm", "create", realm, "--members", second.Name);
            Assert.That((again.ExitCode, again.Stdout, again.Stderr), Is.EqualTo((1, "", $"indra: a realm named '{realm}' exists already\n")), realm);
            Assert.That(owner.Cli("realm", "list").Ok().Stdout, Does.Contain($"{realm}\t{first.Name}\n"), "the realm keeps its members");
        }
    }
}
