using System.Security.Cryptography;
using Indra.Engine.Vaults;
using Indra.Engine.Vaults.Keys;

namespace Indra.Engine.Tests;

/// <summary>
/// Changing what wraps an encrypted vault's key (<see cref="VaultKeyFile.Change"/>, docs/encryption.md): the vault
/// then opens with the new passphrase or key file only and reads what it held; a wrong current key changes nothing; a
/// staged new wrapping left by a kill before its rename leaves the old one valid.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VaultKeyChangeTests
{
    private const int BlockSize = 64 * 1024;
    private string _dir = null!;
    private string _keyFile = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-rekey-" + Guid.NewGuid().ToString("N")[..8]);
        _keyFile = _dir + ".secret";
        File.WriteAllBytes(_keyFile, RandomNumberGenerator.GetBytes(32));
    }

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        File.Delete(_keyFile);
    }

    private static VaultServices With(VaultKeySource keys) => VaultServices.Default with { Keys = keys };

    private static VaultKeySource Passphrase(string passphrase) => VaultKeySource.FromPassphrase(() => passphrase);

    private string KeyPath => VaultKeyFile.PathIn(_dir);

    [Test]
    public void After_a_change_the_vault_opens_with_the_new_secret_only_and_reads_its_blocks()
    {
        var data = RandomNumberGenerator.GetBytes(3 * BlockSize + 100);
        VaultKeyFile.Create(_dir, Passphrase("old"));
        List<Domain.BlockHash> blocks;
        using (var vault = Vault.Create(_dir, BlockSize, services: With(Passphrase("old"))))
        {
            using var pending = vault.Content.Build(data, durable: true);
            blocks = [.. pending.Version.Blocks.Select(b => b.Hash)];
        }
        var before = File.ReadAllText(KeyPath);

        VaultKeyFile.Change(_dir, Passphrase("old"), Passphrase("new"));
        Assert.That(File.ReadAllText(KeyPath), Is.Not.EqualTo(before), "rewrapped (new salt, nonce and wrapped key)");
        Assert.That(File.GetUnixFileMode(KeyPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "still 0600");
        Assert.That(File.Exists(KeyPath + ".new"), Is.False, "nothing staged left");
        Assert.That(() => Vault.Open(_dir, With(Passphrase("old"))), Throws.TypeOf<VaultException>().With.Message.EqualTo($"wrong passphrase for vault {_dir}"));
        ReadsBack(With(Passphrase("new")), blocks, data);

        VaultKeyFile.Change(_dir, Passphrase("new"), VaultKeySource.FromKeyFile(_keyFile));
        Assert.That(() => Vault.Open(_dir, With(Passphrase("new"))), Throws.TypeOf<VaultException>().With.Message.Contains("encrypted with a key file"));
        ReadsBack(With(VaultKeySource.FromKeyFile(_keyFile)), blocks, data);
    }

    [Test]
    public void A_wrong_current_secret_changes_nothing_and_a_staged_wrapping_left_by_a_kill_is_ignored()
    {
        VaultKeyFile.Create(_dir, Passphrase("old"));
        var before = File.ReadAllBytes(KeyPath);
        Assert.That(() => VaultKeyFile.Change(_dir, Passphrase("guess"), Passphrase("new")), Throws.TypeOf<VaultException>().With.Message.EqualTo($"wrong passphrase for vault {_dir}"));
        Assert.That(File.ReadAllBytes(KeyPath), Is.EqualTo(before), "vault.key untouched");
        Assert.That(File.Exists(KeyPath + ".new"), Is.False);

        // A change killed after writing its staged file and before the rename: the old wrapping is the valid one.
        File.WriteAllText(KeyPath + ".new", "{ \"format\": 1, \"wrap\": \"passphrase\" ");
        Assert.That(() => VaultKeyFile.Check(_dir, Passphrase("old")), Throws.Nothing);
        VaultKeyFile.Change(_dir, Passphrase("old"), Passphrase("new"));
        Assert.That(() => VaultKeyFile.Check(_dir, Passphrase("new")), Throws.Nothing);
        Assert.That(File.Exists(KeyPath + ".new"), Is.False);
    }

    private void ReadsBack(VaultServices services, List<Domain.BlockHash> blocks, byte[] data)
    {
        using var vault = Vault.Open(_dir, services);
        var read = new List<byte>();
        foreach (var hash in blocks)
        {
            var buffer = new byte[vault.ContentBlocks.SizeOf(hash)];
            Assert.That(vault.ContentBlocks.Read(hash, 0, buffer), Is.EqualTo(buffer.Length));
            read.AddRange(buffer);
        }
        Assert.That(read.ToArray(), Is.EqualTo(data), "every block opens under the unchanged vault key");
    }
}
