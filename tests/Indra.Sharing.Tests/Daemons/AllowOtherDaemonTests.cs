using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// A mount made with --allow-other lets other local users in, and file modes decide what they read: another uid (65534,
/// no supplementary groups, through setpriv) reads a 0644 file of the vault's own tree but nothing under peers/ or
/// realms/, which are the mounting user's only (folders 0500, files 0400); nor anything of the vault directories
/// (issue 12, item 7).
/// </summary>
[TestFixture]
[NonParallelizable] // runs processes as another uid
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AllowOtherDaemonTests
{
    private const UnixFileMode Public = (UnixFileMode)0x1ED; // 0755

    [Test]
    public void Another_user_on_an_allow_other_mount_reads_nothing_a_peer_shared()
    {
        var root = Path.Combine(DaemonTrio.Root, "allow-other-" + Guid.NewGuid().ToString("N")[..8]);
        using var fay = new DaemonVault(root, "fay", mount: false);
        using var gus = new DaemonVault(root, "gus", mount: false);
        foreach (var folder in new[] { DaemonTrio.Root, root, fay.Root, gus.Root }) File.SetUnixFileMode(folder, Public);
        foreach (var vault in new[] { fay, gus }) DaemonVault.Run("mount", vault.MountPoint, "--vault", vault.VaultDirectory, "--background", "--allow-other").Ok();
        DaemonVault.Pair(fay, gus);

        var letter = Path.Combine(fay.Vault, "open", "letter.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(letter)!);
        File.WriteAllText(letter, "for gus only\n");
        File.SetUnixFileMode(letter, (UnixFileMode)0x1A4); // 0644 at fay's: the mode does not travel
        fay.Cli("share", "open", "--with", "gus").Ok();
        var seen = Path.Combine(gus.PeerView("fay"), "open", "letter.txt");
        Wait.Until(() => File.Exists(seen), "letter.txt under gus's /peers/fay", TimeSpan.FromSeconds(30));
        Assert.That(File.ReadAllText(seen), Is.EqualTo("for gus only\n"), "the mounting user reads it");
        Assert.That(File.GetUnixFileMode(seen), Is.EqualTo((UnixFileMode)0x100), "0400");
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(seen)!), Is.EqualTo((UnixFileMode)0x140), "0500");

        var own = Path.Combine(gus.Vault, "notice.txt");
        File.WriteAllText(own, "gus's public notice\n");
        File.SetUnixFileMode(own, (UnixFileMode)0x1A4);
        var peers = Path.Combine(gus.MountPoint, "peers");
        var attempts = new[]
        {
            own, peers, gus.PeerView("fay"), Path.GetDirectoryName(seen)!, seen, Path.Combine(gus.MountPoint, "realms"),
            Path.Combine(gus.VaultDirectory, "vault.db"), Path.Combine(gus.VaultDirectory, "indra.log"), Path.Combine(gus.VaultDirectory, "identity.key"),
            Path.Combine(gus.MountPoint, ".indra"), Path.Combine(gus.MountPoint, ".indra", "peers.json"), Path.Combine(gus.MountPoint, ".indra", "heat.json"),
        };
        Assert.That(File.ReadAllText(Path.Combine(gus.MountPoint, ".indra", "peers.json")), Does.Contain("\"fay\""), "the mounting user reads /.indra");
        Assert.That(OtherUser.Readable(attempts), Is.EqualTo(new[] { own }), "uid 65534 reads gus's 0644 file and nothing shared with gus, nor /.indra");
    }
}
