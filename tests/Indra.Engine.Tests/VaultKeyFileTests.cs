using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Vaults;
using Indra.Engine.Vaults.Keys;
using Indra.Hashing;

namespace Indra.Engine.Tests;

/// <summary>
/// An encrypted vault's wrapped key (VAULT/vault.key): opened with the passphrase or key file it was made with,
/// refused with one line otherwise; its blocks are stored sealed and a changed sealed block is a corrupt block.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VaultKeyFileTests
{
    private const int BlockSize = 64 * 1024;
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-keys-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static VaultServices With(VaultKeySource keys) => VaultServices.Default with { Keys = keys };

    private Vault CreateEncrypted(VaultKeySource keys)
    {
        VaultKeyFile.Create(_dir, keys);
        return Vault.Create(_dir, BlockSize, services: With(keys));
    }

    [Test]
    public void A_passphrase_vault_opens_with_its_passphrase_only_and_stores_sealed_blocks()
    {
        var data = RandomNumberGenerator.GetBytes(3 * BlockSize);
        Blake3Hash first;
        using (var vault = CreateEncrypted(VaultKeySource.FromPassphrase(() => "right")))
        {
            using var pending = vault.Content.Build(data, durable: true);
            first = pending.Version.Blocks.First().Hash.Hash;
        }
        Assert.That(VaultKeyFile.IsEncrypted(_dir), Is.True);
        var stored = File.ReadAllBytes(BlockPath(first));
        Assert.That(stored, Has.Length.EqualTo(BlockSize + 17));
        Assert.That(stored.AsSpan(1, BlockSize).SequenceEqual(data.AsSpan(0, BlockSize)), Is.False, "sealed on disk");

        var wrong = Assert.Throws<VaultException>(() => Vault.Open(_dir, With(VaultKeySource.FromPassphrase(() => "wrong"))));
        Assert.That(wrong!.Message, Is.EqualTo($"wrong passphrase for vault {_dir}"));
        var none = Assert.Throws<VaultException>(() => Vault.Open(_dir, With(VaultKeySource.FromPassphrase(() => null))));
        Assert.That(none!.Message, Does.StartWith("no passphrase given"));
        var keyFile = Path.Combine(Path.GetTempPath(), "indra-keys-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(keyFile, RandomNumberGenerator.GetBytes(32));
        try
        {
            Assert.That(() => Vault.Open(_dir, With(VaultKeySource.FromKeyFile(keyFile))), Throws.TypeOf<VaultException>().With.Message.Contains("leave out --key-file"));
        }
        finally
        {
            File.Delete(keyFile);
        }
        using (var reopened = Vault.Open(_dir, With(VaultKeySource.FromPassphrase(() => "right"))))
        {
            var back = new byte[BlockSize];
            Assert.That(reopened.ContentBlocks.Read(new Domain.BlockHash(first), 0, back), Is.EqualTo(BlockSize));
            Assert.That(back, Is.EqualTo(data[..BlockSize]), "read back with the right passphrase");
        }
    }

    [Test]
    public void A_changed_sealed_block_reads_as_a_corrupt_block()
    {
        var keys = VaultKeySource.FromPassphrase(() => "right");
        var data = RandomNumberGenerator.GetBytes(3 * BlockSize);
        using var vault = CreateEncrypted(keys);
        using var pending = vault.Content.Build(data, durable: true);
        var victim = pending.Version.Blocks.ElementAt(1).Hash.Hash;
        var path = BlockPath(victim);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x80; // in the tag
        File.WriteAllBytes(path, bytes);
        var buffer = new byte[data.Length];
        var error = Assert.Throws<CorruptBlockException>(() => vault.Content.Read(pending.Version, 0, buffer));
        Assert.That(error!.Hash, Is.EqualTo(victim));
        Assert.That(error.Message, Does.Contain("does not authenticate"));
        Assert.That(DamagedContent.Is(error), Is.True, "answered EIO by the mount");
        Assert.That(vault.Content.Read(pending.Version, 0, buffer.AsSpan(0, BlockSize)), Is.EqualTo(BlockSize), "the other blocks still read");
        Assert.That(buffer.AsSpan(0, BlockSize).SequenceEqual(data.AsSpan(0, BlockSize)), Is.True);
    }

    [Test]
    public void A_vault_key_file_open_to_others_is_refused()
    {
        Vault.Create(_dir).Dispose();
        VaultKeyFile.Create(_dir, VaultKeySource.FromPassphrase(() => "right"));
        File.SetUnixFileMode(VaultKeyFile.PathIn(_dir), (UnixFileMode)0x1A4); // 0644
        var refused = Assert.Throws<VaultException>(() => Vault.Open(_dir, With(VaultKeySource.FromPassphrase(() => "right"))));
        Assert.That(refused!.Message, Does.Contain("vault.key is readable by group or others").And.Contain("chmod 600"));
    }

    [Test]
    public void A_vault_without_a_key_file_is_plain_and_never_asks()
    {
        Vault.Create(_dir).Dispose();
        var asked = false;
        using (Vault.Open(_dir, With(VaultKeySource.FromPassphrase(() => { asked = true; return "x"; }))))
        {
        }
        Assert.That(asked, Is.False);
        Assert.That(VaultKeyFile.IsEncrypted(_dir), Is.False);
    }

    private string BlockPath(Blake3Hash hash)
    {
        var hex = hash.ToString();
        return Path.Combine(_dir, VaultLayout.BlocksDirectory, hex[..2], hex);
    }
}
