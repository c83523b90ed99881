using System.Globalization;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// The grant modes between two daemon processes, each with its own mount: a folder, permanent grants surviving a
/// recall, transfer (the recipient writes, the giver cannot), and a timed grant vanishing with the owner stopped.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SharingModesTests
{
    [Test]
    public void FolderPermanentTransferAndTimedGrantsBetweenTwoDaemons()
    {
        using var alice = new MountedVault(beforeMount: Loopback.ListenOnFreePort);
        using var bob = new MountedVault(beforeMount: Loopback.ListenOnFreePort);
        IndraCli.Run("peer", "add", "bob", IndraCli.Run("peer", "invite", "--vault", bob.VaultDirectory).Ok().Stdout.Trim(), "--auto-accept", "--vault", alice.VaultDirectory).Ok();
        IndraCli.Run("peer", "add", "alice", IndraCli.Run("peer", "invite", "--vault", alice.VaultDirectory).Ok().Stdout.Trim(), "--auto-accept", "--vault", bob.VaultDirectory).Ok();
        var fromAlice = Path.Combine(bob.MountPoint, "peers", "alice");

        Directory.CreateDirectory(Path.Combine(alice.Vault, "album"));
        File.WriteAllText(Path.Combine(alice.Vault, "album", "a.txt"), "first");
        File.WriteAllText(Path.Combine(alice.Vault, "album", "b.txt"), "second");
        File.WriteAllText(Path.Combine(alice.Vault, "keep.txt"), "kept after recall");
        File.WriteAllText(Path.Combine(alice.Vault, "deed.txt"), "the deed");
        File.WriteAllText(Path.Combine(alice.Vault, "timed.txt"), "for a while");
        Share(alice, "album", "revocable");
        Share(alice, "keep.txt", "permanent");
        IndraCli.Run("share", "timed.txt", "--with", "bob", "--mode", "timed", "--until",
            DateTime.UtcNow.AddSeconds(20).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), "--vault", alice.VaultDirectory).Ok();

        Eventually.WaitFor(() => File.Exists(Path.Combine(fromAlice, "album", "b.txt")), "the folder to reach bob");
        Assert.That(File.ReadAllText(Path.Combine(fromAlice, "album", "a.txt")), Is.EqualTo("first"));
        Assert.That(Xattr(Path.Combine(fromAlice, "album", "b.txt"), "user.indra.id"), Is.EqualTo(Xattr(Path.Combine(alice.Vault, "album", "b.txt"), "user.indra.id")));
        Eventually.WaitFor(() => File.Exists(Path.Combine(fromAlice, "keep.txt")) && File.Exists(Path.Combine(fromAlice, "timed.txt")), "the permanent and timed grants to reach bob");

        // Recall both the revocable folder and the permanent file: the folder goes, the permanent file stays.
        IndraCli.Run("recall", "album", "--from", "bob", "--vault", alice.VaultDirectory).Ok();
        IndraCli.Run("recall", "keep.txt", "--from", "bob", "--vault", alice.VaultDirectory).Ok();
        Eventually.WaitFor(() => !Directory.Exists(Path.Combine(fromAlice, "album")), "the revocable folder to disappear");
        Assert.That(File.ReadAllText(Path.Combine(fromAlice, "keep.txt")), Is.EqualTo("kept after recall"));

        // Transfer: bob becomes the steward and can write; alice keeps no writable copy.
        Share(alice, "deed.txt", "transfer");
        var bobsDeed = Path.Combine(bob.Vault, "inbox", "deed.txt");
        Eventually.WaitFor(() => File.Exists(bobsDeed), "the transfer to land in bob's vault");
        File.AppendAllText(bobsDeed, ", now bob's");
        Assert.That(File.ReadAllText(bobsDeed), Is.EqualTo("the deed, now bob's"));
        Eventually.WaitFor(() => !File.Exists(Path.Combine(alice.Vault, "deed.txt")), "the giver's copy to go");
        Eventually.WaitFor(() => File.Exists(Path.Combine(alice.MountPoint, "peers", "bob", "deed.txt")), "the giver to see the deed read-only");
        Assert.That(Posix.Open(Path.Combine(alice.MountPoint, "peers", "bob", "deed.txt"), Posix.O_WRONLY, 0, out _), Is.EqualTo(Posix.EACCES));

        // Timed: the owner stops; the grant still ends at its expiry on bob's side.
        alice.Unmount();
        Assert.That(File.ReadAllText(Path.Combine(fromAlice, "keep.txt")), Is.EqualTo("kept after recall"), "synced content stays readable while the owner is offline");
        Eventually.WaitFor(() => !File.Exists(Path.Combine(fromAlice, "timed.txt")), "the timed grant to expire with its owner offline", TimeSpan.FromSeconds(90));
    }

    private static void Share(MountedVault owner, string path, string mode) =>
        IndraCli.Run("share", path, "--with", "bob", "--mode", mode, "--vault", owner.VaultDirectory).Ok();

    private static string Xattr(string path, string name) => Shell.Run("getfattr", ["--only-values", "-n", name, path]).Ok().Stdout;


}
