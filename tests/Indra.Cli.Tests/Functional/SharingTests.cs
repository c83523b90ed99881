using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>Two vault daemons on loopback, each with its own mount, paired and sharing through the CLI.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SharingTests
{
    [Test]
    public void ASharedFileAppearsOnThePeersMountFollowsEditsAndGoesOnRecall()
    {
        using var alice = new MountedVault(beforeMount: Loopback.ListenOnFreePort);
        using var bob = new MountedVault(beforeMount: Loopback.ListenOnFreePort);
        var aliceInvite = IndraCli.Run("peer", "invite", "--vault", alice.VaultDirectory).Ok().Stdout.Trim();
        var bobInvite = IndraCli.Run("peer", "invite", "--vault", bob.VaultDirectory).Ok().Stdout.Trim();
        IndraCli.Run("peer", "add", "bob", bobInvite, "--auto-accept", "--vault", alice.VaultDirectory).Ok();
        IndraCli.Run("peer", "add", "alice", aliceInvite, "--auto-accept", "--vault", bob.VaultDirectory).Ok();

        Directory.CreateDirectory(Path.Combine(alice.Vault, "docs"));
        var original = Path.Combine(alice.Vault, "docs", "plan.md");
        File.WriteAllText(original, "version one");
        IndraCli.Run("share", "docs/plan.md", "--with", "bob", "--mode", "revocable", "--vault", alice.VaultDirectory).Ok();

        var shared = Path.Combine(bob.MountPoint, "peers", "alice", "plan.md");
        Eventually.WaitFor(() => File.Exists(shared) && File.ReadAllText(shared) == "version one", "the share to reach bob's mount");
        Assert.That(Xattr(shared, "user.indra.id"), Is.EqualTo(Xattr(original, "user.indra.id")), "the peer sees the same artifact id");
        Assert.That(Xattr(shared, "user.indra.access_mode"), Is.EqualTo("Revocable"));
        Assert.That(Posix.Open(shared, Posix.O_WRONLY, 0, out _), Is.EqualTo(Posix.EACCES));
        Assert.That(Posix.Touch(Path.Combine(bob.MountPoint, "peers", "alice", "new.txt")), Is.EqualTo(Posix.EACCES));

        File.WriteAllText(original, "version two, longer");
        Eventually.WaitFor(() => File.ReadAllText(shared) == "version two, longer", "the owner's edit to reach bob");
        Assert.That(IndraCli.Run("status", "--vault", alice.VaultDirectory).Ok().Stdout, Does.Contain("Peers: 1 connected"));
        Assert.That(File.ReadAllText(Path.Combine(bob.Meta, "peers.json")), Does.Contain("alice"));

        IndraCli.Run("recall", "docs/plan.md", "--from", "bob", "--vault", alice.VaultDirectory).Ok();
        Eventually.WaitFor(() => !File.Exists(shared), "the recall to remove the file from bob's mount");
    }

    private static string Xattr(string path, string name) => Shell.Run("getfattr", ["--only-values", "-n", name, path]).Ok().Stdout;


}
