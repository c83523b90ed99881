namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// <c>indra share</c> while mounted goes through the daemon's control API: a file written on the mount a moment
/// before is granted by the first call (the daemon's tree holds it, so the CLI needs no retry), the grant is listed
/// at once, the file appears under the peer's <c>/peers/</c>, and a recall removes it there.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlShareTests
{
    [Test]
    public void ShareWhileMounted_GrantsAJustWrittenFileAtOnce_AndItReachesThePeer()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var folder = $"at-once-{Guid.NewGuid():N}"[..16];
        Directory.CreateDirectory(Path.Combine(alice.Vault, folder));
        var names = Enumerable.Range(0, 5).Select(i => $"{folder}/file-{i}.txt").ToList();
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(alice.Vault, name), $"written just before sharing: {name}\n");
            var shared = alice.Cli("share", name, "--with", "bob");
            Assert.That(shared.ExitCode, Is.Zero, shared.Stderr);
            Assert.That(shared.Stdout, Does.StartWith($"granted /vault/{name} to bob (Revocable), grant "));
            Assert.That(alice.Cli("grants").Ok().Stdout, Does.Contain($"/vault/{name}\tbob\tRevocable\tactive"), "listed at once");
        }
        foreach (var name in names)
        {
            var seen = Path.Combine(bob.PeerView("alice"), Path.GetFileName(name));
            Wait.Until(() => File.Exists(seen), $"{name} under bob's /peers/alice");
            Assert.That(File.ReadAllText(seen), Is.EqualTo($"written just before sharing: {name}\n"));
        }

        foreach (var name in names) Assert.That(alice.Cli("recall", name, "--from", "bob").Ok().Stdout, Does.Contain("recalled 1 grant"));
        Assert.That(alice.Cli("grants").Ok().Stdout, Does.Not.Contain($"/vault/{folder}/"), "recalled at once");
        foreach (var name in names)
        {
            Wait.Until(() => !File.Exists(Path.Combine(bob.PeerView("alice"), Path.GetFileName(name))), $"{name} to leave bob's view");
        }
        var status = alice.Cli("status").Ok().Stdout;
        Assert.That(status, Does.Contain($"Mounted: {alice.MountPoint} (pid {alice.Pid})").And.Contain("Sharing: on"));
    }
}
