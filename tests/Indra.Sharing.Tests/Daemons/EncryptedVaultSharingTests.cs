using System.Security.Cryptography;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Sharing from an encrypted vault (docs/encryption.md): its daemon serves its blocks through the engine, which opens
/// them, so a plain peer receives the plain bytes over the peer connection (TLS) and reads them under /peers.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EncryptedVaultSharingTests
{
    [Test]
    public void A_plain_peer_reads_a_file_shared_from_an_encrypted_vault()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var keyFile = Path.Combine(DaemonTrio.Root, $"sealed-{tag}.secret");
        File.WriteAllBytes(keyFile, RandomNumberGenerator.GetBytes(32));
        try
        {
            using var sealedVault = new DaemonVault(DaemonTrio.Root, $"sealed-{tag}", mount: false, initArguments: ["--encrypt", "--key-file", keyFile]);
            using var plainVault = new DaemonVault(DaemonTrio.Root, $"plain-{tag}");
            Assert.That(File.Exists(Path.Combine(sealedVault.VaultDirectory, "vault.key")), Is.True, "the giver's vault is encrypted");
            DaemonVault.Run("mount", sealedVault.MountPoint, "--vault", sealedVault.VaultDirectory, "--background", "--key-file", keyFile).Ok();
            DaemonVault.Pair(sealedVault, plainVault);

            var data = RandomNumberGenerator.GetBytes((3 << 20) + 12345); // several 1 MiB blocks and a tail
            File.WriteAllBytes(Path.Combine(sealedVault.Vault, "data.bin"), data);
            sealedVault.Cli("share", "data.bin", "--with", plainVault.Name).Ok();
            var seen = Path.Combine(plainVault.PeerView(sealedVault.Name), "data.bin");
            Wait.Until(() => File.Exists(seen), "data.bin under the plain peer's /peers view");
            Assert.That(File.ReadAllBytes(seen), Is.EqualTo(data), "the peer reads the plain bytes");
            var blockFile = Directory.EnumerateFiles(Path.Combine(sealedVault.VaultDirectory, "blocks"), "*", SearchOption.AllDirectories)
                .First(f => new FileInfo(f).Length == (1 << 20) + 17);
            Assert.That(File.ReadAllBytes(blockFile).AsSpan(1, 1 << 20).SequenceEqual(data.AsSpan(1 << 20, 1 << 20)), Is.False, "the giver's block file is sealed");
        }
        finally
        {
            File.Delete(keyFile);
        }
    }
}
