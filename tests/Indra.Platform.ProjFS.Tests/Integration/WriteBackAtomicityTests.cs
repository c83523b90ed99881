using Indra.Hashing;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Write-back stages the local file before the vault is opened, and reads it with FileShare.Read.</summary>
[TestFixture]
public sealed class WriteBackAtomicityTests
{
    private MountedVault _mount = null!;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/big.bin", new byte[200_000]);
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void AnIOExceptionHalfWayThroughAWriteBackLeavesTheVaultVersionIntact()
    {
        _mount.Mount();
        var before = _mount.Vault.ArtifactId("vault/big.bin");
        var edited = new byte[200_000];
        Array.Fill(edited, (byte)7);
        _mount.Files.FailReadAfter(path => path.EndsWith("big.bin", StringComparison.Ordinal) && path.StartsWith(_mount.Emulator.RootDirectory, StringComparison.Ordinal),
            afterBytes: 65_536, () => new IOException("the disk went away half way"));
        _mount.Emulator.WriteAll("vault\\big.bin", edited);

        Wait.Until(() => _mount.Files.Injected >= 2, "a write-back and its retry to fail half way");
        Assert.That(_mount.Vault.ArtifactId("vault/big.bin"), Is.EqualTo(before), "no prefix was committed");
        Assert.That(_mount.Vault.ReadFile("vault/big.bin"), Is.EqualTo(new byte[200_000]));

        _mount.Files.Clear();
        _mount.Settle();
        Assert.That(_mount.Vault.ArtifactId("vault/big.bin"), Is.EqualTo(Blake3.Hash(edited).ToString()), "the retry wrote it whole");
    }

    [Test]
    public void TheLocalSourceIsReadSharingReadsAndDeletesButNeverWrites()
    {
        _mount.Mount();
        _mount.Emulator.WriteAll("vault\\big.bin", new byte[] { 1, 2, 3 });
        _mount.Settle();
        var reads = _mount.Files.Opens.Where(o => o.Path == _mount.Emulator.RealPath("vault\\big.bin") && o.Access == FileAccess.Read).ToList();
        Assert.That(reads, Is.Not.Empty);
        Assert.That(reads.Select(o => o.Share), Is.All.EqualTo(FileShare.Read | FileShare.Delete),
            "a process still writing makes the open fail instead of giving a torn copy; an editor's rename over it does not fail");
    }
}
