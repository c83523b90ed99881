using Indra.Engine.Vaults;

namespace Indra.Engine.Tests;

public sealed class VaultTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-vault-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ACreatedVaultReopensWithTheSamePlayerAndBlockSize()
    {
        string player;
        using (var vault = Vault.Create(_dir, blockSize: 64 * 1024))
        {
            player = vault.PlayerId.ToString();
            Assert.That(vault.Metadata.GetNode(Vault.RootInode), Is.Not.Null);
        }
        using var reopened = Vault.Open(_dir);
        Assert.That(reopened.PlayerId.ToString(), Is.EqualTo(player));
        Assert.That(reopened.BlockSize, Is.EqualTo(64 * 1024));
        var mode = File.GetUnixFileMode(Path.Combine(_dir, VaultLayout.IdentityFile));
        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "the private key is owner-only");
    }

    [Test]
    public void ASecondOpenIsRefusedWithAClearMessage()
    {
        using var vault = Vault.Create(_dir);
        var error = Assert.Throws<VaultException>(() => Vault.Open(_dir));
        Assert.That(error!.Message, Does.Contain("in use by another process").And.Contain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void CreatingOverAnExistingVaultOrOpeningNothingFails()
    {
        using (Vault.Create(_dir))
        {
        }
        Assert.Throws<VaultException>(() => Vault.Create(_dir));
        Assert.That(Assert.Throws<VaultException>(() => Vault.Open(_dir + "-missing"))!.Message, Does.Contain("no vault"));
        Assert.Throws<VaultException>(() => Vault.Create(_dir + "-bad", blockSize: 3000));
    }
}
