using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Each vault has its own peer port, chosen free at <c>indra init</c> and carried in its invite; when the daemon cannot
/// share (its port is taken), <c>indra status</c> says so and why, and says it shares once it does; invites whose
/// address a client could not use are refused at <c>indra peer add</c> (issue 12, items 9 and 10).
/// </summary>
[TestFixture]
[NonParallelizable] // holds loopback ports and mounts
public sealed class PeerPortTests
{
    private const string OtherPlayer = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private string _root = "";

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-ports-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void RemoveRoot()
    {
        foreach (var mount in Directory.EnumerateDirectories(_root, "mnt*", SearchOption.AllDirectories).ToList())
        {
            if (!File.ReadAllText("/proc/self/mountinfo").Contains(" " + mount + " ", StringComparison.Ordinal)) continue;
            if (IndraCli.Run("unmount", mount).ExitCode != 0) Shell.Run("umount", ["-l", mount]);
        }
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void Two_vaults_initialised_one_after_the_other_get_different_free_ports_carried_in_their_invites()
    {
        var first = Path.Combine(_root, "first");
        var second = Path.Combine(_root, "second");
        var firstInit = IndraCli.Run("init", "--vault", first).Ok().Stdout;
        var secondInit = IndraCli.Run("init", "--vault", second).Ok().Stdout;
        var firstPort = InvitePort(first);
        var secondPort = InvitePort(second);
        Assert.That(firstPort, Is.Not.EqualTo(secondPort));
        Assert.That(new[] { firstPort, secondPort }, Has.None.EqualTo(7411), "not the shared default");
        Assert.That(firstInit, Does.Contain($"peer endpoint 127.0.0.1:{firstPort}"));
        Assert.That(secondInit, Does.Contain($"peer endpoint 127.0.0.1:{secondPort}"));
        Assert.That(IndraCli.Run("status", "--vault", first).Ok().Stdout, Does.Contain("Sharing: off (not mounted)").And.Not.Contain("Hint:"));

        // 'indra peer listen' still overrides the chosen port.
        var chosen = Loopback.FreePort();
        IndraCli.Run("peer", "listen", $"127.0.0.1:{chosen}", "--vault", first).Ok();
        Assert.That(InvitePort(first), Is.EqualTo(chosen));
    }

    [Test]
    public void Status_says_sharing_is_off_and_why_while_the_port_is_taken_and_on_once_it_is_free()
    {
        var vault = Path.Combine(_root, "vault");
        var mount = Path.Combine(_root, "mnt");
        Directory.CreateDirectory(mount);
        IndraCli.Run("init", "--vault", vault).Ok();
        var port = InvitePort(vault);
        using (var squatter = new TcpListener(IPAddress.Loopback, port))
        {
            squatter.Start();
            IndraCli.Run("mount", mount, "--vault", vault, "--background").Ok();
            var status = IndraCli.Run("status", "--vault", vault).Ok().Stdout;
            Assert.That(StatusLine(status, "Sharing:"), Is.EqualTo($"Sharing: off: cannot listen on 127.0.0.1:{port}: Address already in use"));
            IndraCli.Run("unmount", mount).Ok();
        }
        IndraCli.Run("mount", mount, "--vault", vault, "--background").Ok();
        Assert.That(StatusLine(IndraCli.Run("status", "--vault", vault).Ok().Stdout, "Sharing:"), Is.EqualTo("Sharing: on"), "the reason is cleared when sharing starts");
        using var probe = new TcpClient();
        probe.Connect(IPAddress.Loopback, port); // the daemon listens on the vault's port
    }

    [Test]
    public void A_vault_without_a_port_of_its_own_keeps_7411_and_status_gives_a_hint()
    {
        var vault = Path.Combine(_root, "old");
        IndraCli.Run("init", "--vault", vault).Ok();
        // A vault made before ports were chosen per vault has no listen settings.
        Shell.Run("sqlite3", [Path.Combine(vault, "sharing", "sharing.db"), "DELETE FROM settings WHERE key IN ('listen_address', 'listen_port');"]).Ok();
        Assert.That(InvitePort(vault), Is.EqualTo(7411));
        Assert.That(IndraCli.Run("status", "--vault", vault).Ok().Stdout, Does.Contain("Hint: this vault has no peer port of its own and asks for 127.0.0.1:7411"));
    }

    [TestCase("-bad", "7411")]
    [TestCase("bad..host", "7411")]
    [TestCase("bad%host", "7411")]
    [TestCase("peer.example.org", "0")]
    [TestCase("peer.example.org", "65536")]
    [TestCase("peer.example.org", "99999999999")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.org", "7411")]
    public void Peer_add_refuses_an_invite_whose_address_a_client_cannot_use_with_one_line(string host, string port)
    {
        var vault = Path.Combine(_root, "vault");
        IndraCli.Run("init", "--vault", vault).Ok();
        var refused = IndraCli.Run("peer", "add", "bob", $"indra:{OtherPlayer}@{host}:{port}", "--vault", vault);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Stderr, Is.EqualTo($"indra: the invite's address '{host}:{port}' is not usable: the host must be an IP address or a DNS name, the port 1 to 65535\n"));
        Assert.That(IndraCli.Run("peer", "list", "--vault", vault).Ok().Stdout, Does.Not.Contain("bob"), "nothing was paired");
    }

    [TestCase("peer.example.org", "7411")]
    [TestCase("127.0.0.1", "1")]
    [TestCase("[::1]", "65535")]
    [TestCase("localhost", "40000")]
    public void Peer_add_accepts_an_ip_address_or_a_dns_name(string host, string port)
    {
        var vault = Path.Combine(_root, "vault");
        IndraCli.Run("init", "--vault", vault).Ok();
        var added = IndraCli.Run("peer", "add", "bob", $"indra:{OtherPlayer}@{host}:{port}", "--vault", vault).Ok();
        Assert.That(added.Stdout, Does.Contain($"paired with bob ({OtherPlayer})"));
    }

    /// <summary>The port of <paramref name="vault"/>'s invite (indra peer invite).</summary>
    private static int InvitePort(string vault)
    {
        var invite = IndraCli.Run("peer", "invite", "--vault", vault).Ok().Stdout.Trim();
        return int.Parse(invite[(invite.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    private static string StatusLine(string status, string prefix) =>
        status.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) ?? $"(no '{prefix}' line in: {status})";
}
