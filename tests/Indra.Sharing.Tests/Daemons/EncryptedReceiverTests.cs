using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Domain;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// An encrypted vault receiving from a plain peer (docs/encryption.md, "Blocks received from peers"): the blocks it
/// keeps in <c>VAULT/sharing/blocks/PEER/</c> are sealed under its vault key like its own, convergently (identical
/// files share blocks), so no file of its directory holds a plaintext window; plain received blocks left by an earlier
/// version are sealed at the next open; a flipped byte in a received sealed block reads as EIO.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EncryptedReceiverTests
{
    private const int Window = 64;

    [Test]
    public void Received_blocks_are_sealed_shared_by_identical_files_resealed_from_plain_and_EIO_when_tampered()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var keyFile = Path.Combine(DaemonTrio.Root, $"receiver-{tag}.secret");
        File.WriteAllBytes(keyFile, RandomNumberGenerator.GetBytes(32));
        try
        {
            using var giver = new DaemonVault(DaemonTrio.Root, $"giver-{tag}");
            using var receiver = new DaemonVault(DaemonTrio.Root, $"receiver-{tag}", mount: false, initArguments: ["--encrypt", "--key-file", keyFile]);
            receiver.Mount("--key-file", keyFile);
            DaemonVault.Pair(giver, receiver);

            var data = RandomNumberGenerator.GetBytes((3 << 20) + 12345); // three 1 MiB blocks and a tail
            File.WriteAllBytes(Path.Combine(giver.Vault, "twin-a.bin"), data);
            File.WriteAllBytes(Path.Combine(giver.Vault, "twin-b.bin"), data);
            giver.Cli("share", "twin-a.bin", "--with", receiver.Name).Ok();
            giver.Cli("share", "twin-b.bin", "--with", receiver.Name).Ok();
            var view = receiver.PeerView(giver.Name);
            Wait.Until(() => File.Exists(Path.Combine(view, "twin-a.bin")) && File.Exists(Path.Combine(view, "twin-b.bin")), "both files under the receiver's /peers view");
            Assert.That(File.ReadAllBytes(Path.Combine(view, "twin-a.bin")), Is.EqualTo(data), "the receiver reads the plain bytes");
            Assert.That(File.ReadAllBytes(Path.Combine(view, "twin-b.bin")), Is.EqualTo(data));

            var received = Path.Combine(receiver.VaultDirectory, "sharing", "blocks", giver.PlayerId);
            var sealedSizes = new[] { (1 << 20) + 17, (1 << 20) + 17, (1 << 20) + 17, 12345 + 17 };
            Assert.That(BlockFiles(received).Select(f => (int)new FileInfo(f).Length).Order(), Is.EqualTo(sealedSizes.Order()),
                "one sealed file per distinct block (plain size + 17): the identical files share them");
            Assert.That(PlainWindows.Find(receiver.VaultDirectory, [data], Window), Is.Empty, "files of the receiver's vault directory holding a plaintext window");
            var marker = Path.Combine(receiver.VaultDirectory, "sharing", "blocks", "sealed");
            Assert.That(File.Exists(marker), Is.True, "the vault is marked as sealing its received blocks");

            // An encrypted vault of an earlier version kept received blocks plain: they are sealed at the next open.
            receiver.Unmount();
            foreach (var file in BlockFiles(received)) File.WriteAllBytes(file, PlainOf(file, data));
            File.Delete(marker);
            Assert.That(PlainWindows.Find(received, [data], Window), Is.Not.Empty, "the block files were made plain");
            receiver.Mount("--key-file", keyFile);
            Wait.Until(() => File.Exists(marker), "the receiver's daemon to seal the plain received blocks");
            Assert.That(BlockFiles(received).Select(f => (int)new FileInfo(f).Length).Order(), Is.EqualTo(sealedSizes.Order()), "sealed in place");
            Assert.That(PlainWindows.Find(receiver.VaultDirectory, [data], Window), Is.Empty, "no plaintext window once sealed again");
            Wait.Until(() => File.Exists(Path.Combine(view, "twin-b.bin")), "the view after the remount");
            Assert.That(File.ReadAllBytes(Path.Combine(view, "twin-b.bin")), Is.EqualTo(data), "the resealed blocks read back");

            // A flipped byte in a received sealed block: the read fails with EIO, never wrong bytes.
            receiver.Unmount();
            var tail = BlockFiles(received).Single(f => new FileInfo(f).Length == 12345 + 17);
            var bytes = File.ReadAllBytes(tail);
            bytes[100] ^= 0x20;
            File.WriteAllBytes(tail, bytes);
            receiver.Mount("--key-file", keyFile);
            Wait.Until(() => File.Exists(Path.Combine(view, "twin-a.bin")), "the view after the remount");
            var failure = Assert.Throws<IOException>(() => File.ReadAllBytes(Path.Combine(view, "twin-a.bin")));
            Assert.That(failure!.Message, Does.Contain("Input/output error"), "EIO");
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    /// <summary>The block files of a received-block folder (its temporary folder aside).</summary>
    private static List<string> BlockFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp")];

    /// <summary>The plain bytes of the block of <paramref name="data"/> that block file <paramref name="file"/> is named after.</summary>
    private static byte[] PlainOf(string file, byte[] data)
    {
        Assert.That(BlockHash.TryParse(Path.GetFileName(file), out var hash), Is.True, file);
        for (long offset = 0; offset < data.Length; offset += 1 << 20)
        {
            var plain = data.AsSpan((int)offset, (int)Math.Min(1 << 20, data.Length - offset)).ToArray();
            if (BlockKeys.Matches(hash, plain, offset, data.Length)) return plain;
        }
        throw new AssertionException($"no block of the shared file is named {hash}");
    }
}
