using System.CommandLine;
using System.Text;
using Indra.Cli.Commands;
using Indra.FileSystem;

namespace Indra.Sharing.Tests;

/// <summary>The sharing verbs driven the way the indra CLI runs them, against running services (the daemon picks CLI changes up from sharing.db).</summary>
[TestFixture]
public sealed class CliTests
{
    private string _root = "";
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-sharing-cli-" + Guid.NewGuid().ToString("N"));
        _alice = SharingNode.Create(_root, "alice", blockSize: 4096);
        _bob = SharingNode.Create(_root, "bob", blockSize: 4096);
    }

    [TearDown]
    public void TearDown()
    {
        _alice.Dispose();
        _bob.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void PairShareGrantsRecall_ThroughTheCli()
    {
        var (code, aliceInvite, _) = Indra("peer", "invite", "--vault", _alice.Directory);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(aliceInvite.Trim(), Is.EqualTo(_alice.Sharing.Invite.ToString()));
        var bobInvite = Indra("peer", "invite", "--vault", _bob.Directory).Out.Trim();
        Assert.That(Indra("peer", "add", "bob", bobInvite, "--auto-accept", "--vault", _alice.Directory).Code, Is.EqualTo(0));
        Assert.That(Indra("peer", "add", "alice", aliceInvite.Trim(), "--auto-accept", "--vault", _bob.Directory).Code, Is.EqualTo(0));
        Assert.That(Indra("peer", "list", "--vault", _alice.Directory).Out, Does.Contain("bob\t" + _bob.Vault.PlayerId));

        _alice.Write("docs/cli.txt", Encoding.UTF8.GetBytes("via the cli"));
        // The CLI reads this process's vault from the database (no daemon serves it here): commit what the write queued.
        _alice.Vault.Tree.Flush();
        Assert.That(Indra("share", "docs/cli.txt", "--with", "bob", "--mode", "revocable", "--vault", _alice.Directory).Code, Is.EqualTo(0));
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "cli.txt") is not null, "the CLI share to reach bob");
        Assert.That(Indra("grants", "--vault", _alice.Directory).Out, Does.Contain("/vault/docs/cli.txt\tbob\tRevocable\tactive"));
        Wait.Until(() => SharingAdmin.PeerSummary(_alice.Directory) == (1, 1), "indra status to count bob as connected");

        var (badCode, _, badErr) = Indra("share", "nope.txt", "--with", "bob", "--vault", _alice.Directory);
        Assert.That(badCode, Is.EqualTo(1));
        Assert.That(badErr, Does.StartWith("indra: /vault/nope.txt does not exist"));
        Assert.That(Indra("share", "docs/cli.txt", "--with", "bob", "--mode", "timed", "--vault", _alice.Directory).Err, Does.Contain("--until"));
        Assert.That(Indra("share", "docs/cli.txt", "--with", "carol", "--vault", _alice.Directory).Err, Does.Contain("no paired peer named 'carol'"));

        Assert.That(Indra("recall", "docs/cli.txt", "--from", "bob", "--vault", _alice.Directory).Code, Is.EqualTo(0));
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "cli.txt") is null, "the CLI recall to reach bob");

        Assert.That(Indra("realm", "create", "duo", "--members", "bob", "--vault", _alice.Directory).Code, Is.EqualTo(0));
        Assert.That(Indra("realm", "list", "--vault", _alice.Directory).Out, Does.Contain("duo\tbob"));
        Wait.Until(() => _alice.Sharing.Names(ShareScope.Realm).Contains("duo"), "the daemon to pick up the realm");
        Assert.That(Indra("peer", "remove", "bob", "--vault", _alice.Directory).Code, Is.EqualTo(0));
        Wait.Until(() => _alice.Sharing.Names(ShareScope.Peer).Count == 0, "the daemon to drop bob");
    }

    [Test]
    public void PeerListen_SetsTheDaemonsAddress()
    {
        Assert.That(Indra("peer", "listen", "127.0.0.1:7500", "--vault", _alice.Directory).Code, Is.EqualTo(0));
        var options = SharingOptions.FromVault(_alice.Directory, "/mnt/x");
        Assert.That((options.ListenAddress.ToString(), options.Port, options.MountPoint), Is.EqualTo(("127.0.0.1", 7500, "/mnt/x")));
        Assert.That(Indra("peer", "listen", "nowhere", "--vault", _alice.Directory).Code, Is.EqualTo(1));
    }

    [Test]
    public void SharingDatabase_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX permissions");
            return;
        }
        Assert.That(File.GetUnixFileMode(Path.Combine(_alice.Directory, "sharing", "sharing.db")) & (UnixFileMode)0x3F, Is.EqualTo((UnixFileMode)0));
        Assert.That(File.GetUnixFileMode(Path.Combine(_alice.Directory, "sharing")) & (UnixFileMode)0x3F, Is.EqualTo((UnixFileMode)0));
    }

    private static (int Code, string Out, string Err) Indra(params string[] args)
    {
        var root = IndraCommands.Create();
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
