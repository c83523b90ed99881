using Indra.Engine.Identity;
using Indra.Engine.Vaults;

namespace Indra.Engine.Tests;

/// <summary>
/// A vault directory is its owner's only (0700), whether the vault made it or found it, and one made before that is
/// narrowed when opened; a player key that group or others may use is refused with a line naming the file, its mode
/// and the chmod that fixes it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VaultPrivacyTests
{
    private const UnixFileMode Folder0700 = (UnixFileMode)0x1C0;
    private const UnixFileMode Folder0755 = (UnixFileMode)0x1ED;
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-private-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void A_vault_made_in_an_existing_open_folder_narrows_it_to_its_owner()
    {
        Directory.CreateDirectory(_dir);
        File.SetUnixFileMode(_dir, Folder0755);
        using var vault = Vault.Create(_dir);
        Assert.That(File.GetUnixFileMode(_dir), Is.EqualTo(Folder0700));
        Assert.That(File.GetUnixFileMode(vault.StagingDirectory), Is.EqualTo(Folder0700));
    }

    [Test]
    public void Opening_a_vault_whose_directory_is_open_to_others_narrows_it()
    {
        Vault.Create(_dir).Dispose();
        File.SetUnixFileMode(_dir, Folder0755 | UnixFileMode.GroupWrite);
        using var vault = Vault.Open(_dir);
        Assert.That(File.GetUnixFileMode(_dir), Is.EqualTo(Folder0700));
    }

    [TestCase(0x1A4, "readable", "0644")]
    [TestCase(0x1A0, "readable", "0640")]
    [TestCase(0x182, "writable", "0602")]
    public void A_player_key_open_to_others_is_refused_with_one_line(int mode, string what, string octal)
    {
        Vault.Create(_dir).Dispose();
        var key = Path.Combine(_dir, VaultLayout.IdentityFile);
        File.SetUnixFileMode(key, (UnixFileMode)mode);
        var expected = $"{key} is {what} by group or others (mode {octal}); run chmod 600 {key}";
        Assert.That(Assert.Throws<UnprotectedKeyException>(() => PlayerIdentity.Load(key))!.Message, Is.EqualTo(expected));
        Assert.That(Assert.Throws<VaultException>(() => Vault.Open(_dir))!.Message, Is.EqualTo(expected), "the open says the same, alone");

        File.SetUnixFileMode(key, (UnixFileMode)0x180);
        using var vault = Vault.Open(_dir);
        using var identity = PlayerIdentity.Load(key);
        Assert.That(vault.Player, Is.EqualTo(identity.PlayerId), "0600 is accepted");
    }
}
