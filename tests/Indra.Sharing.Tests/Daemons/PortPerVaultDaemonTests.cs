using System.Globalization;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Two vaults initialised one after the other, each left on the port <c>indra init</c> chose for it (no
/// <c>indra peer listen</c>): the ports differ, both daemons share (none finds its port taken, as every vault on 7411
/// did), and a share goes from one to the other (issue 12, item 9).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PortPerVaultDaemonTests
{
    [Test]
    public void Two_vaults_on_the_ports_init_chose_both_share()
    {
        var root = Path.Combine(DaemonTrio.Root, "ports-" + Guid.NewGuid().ToString("N")[..8]);
        using var dora = new DaemonVault(root, "dora", listenOnFreePort: false);
        using var eli = new DaemonVault(root, "eli", listenOnFreePort: false);
        Assert.That(Port(dora), Is.Not.EqualTo(Port(eli)));
        foreach (var vault in new[] { dora, eli })
        {
            var status = vault.Cli("status").Ok().Stdout;
            Assert.That(status.Split('\n'), Does.Contain("Sharing: on"), $"{vault.Name}'s status:\n{status}\nlog:\n{vault.LogText()}");
            Assert.That(vault.LogText(), Does.Not.Contain("sharing is off"));
        }

        DaemonVault.Pair(dora, eli);
        var file = Path.Combine(dora.Vault, "ports", "hello.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "from dora's own port\n");
        dora.Cli("share", "ports/hello.txt", "--with", "eli").Ok();
        var seen = Path.Combine(eli.PeerView("dora"), "hello.txt");
        Wait.Until(() => File.Exists(seen), "hello.txt under eli's /peers/dora", TimeSpan.FromSeconds(30));
        Assert.That(File.ReadAllText(seen), Is.EqualTo("from dora's own port\n"));
    }

    /// <summary>The port of <paramref name="vault"/>'s invite.</summary>
    private static int Port(DaemonVault vault) => int.Parse(vault.Invite[(vault.Invite.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
}
