using System.Security.Cryptography;
using Indra.Engine.Vaults;
using Indra.FileSystem.Staging;
using Indra.Storage.Blocks.Cache;

namespace Indra.FileSystem.Tests;

/// <summary>
/// A vault whose blocks live in a second directory (<c>blocks.remote</c>) with <c>VAULT/blocks</c> as a small cache in
/// front of it, driven through the filesystem layer. The remote "goes down" by renaming its directory away (its block
/// writes then fail with an I/O error, as an unreachable store's do) and "comes back" by renaming it back.
/// </summary>
[TestFixture]
public sealed class CachedBlocksTests
{
    private const int BlockSize = 64 * 1024;
    private static readonly CallerContext Caller = new(0, 0, Environment.ProcessId);
    private string _root = null!;
    private string _remote = null!;
    private string _away = null!;
    private string _vaultDir = null!;

    [SetUp]
    public void CreateVault()
    {
        _root = Directory.CreateTempSubdirectory("h17c-cached-").FullName;
        _remote = Path.Combine(_root, "remote");
        _away = Path.Combine(_root, "remote-away");
        _vaultDir = Path.Combine(_root, "vault");
        using var vault = Vault.Create(_vaultDir, BlockSize);
        BlockTier.Configure(vault, _remote, 4L * BlockSize, CacheDurability.Local);
    }

    [TearDown]
    public void RemoveVault() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ACacheFullOfUnuploadedBlocksIsEnospcAndTheFileSavesOnceTheRemoteReturns()
    {
        var content = RandomNumberGenerator.GetBytes(8 * BlockSize);
        var log = new List<string>();
        var loggers = Indra.Tests.Shared.LineLoggerProvider.Factory(line => { lock (log) log.Add(line); });
        using (var vault = Vault.Open(_vaultDir, new VaultServices(TimeProvider.System, loggers)))
        using (var fs = new VaultFileSystem(vault))
        {
            Assert.That(BlockTier.Status(vault), Is.Not.Null, "the files tier is a cache");
            Directory.Move(_remote, _away);
            Assert.That(fs.Create(ReservedInodes.Vault, "big", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
            // Whole blocks are stored as they are written: the refusal comes from a write or from the fsync after them.
            var result = Errno.None;
            var accepted = 0;
            for (; accepted < 8; accepted++)
            {
                result = fs.Write(file.Inode, open.Handle, (long)accepted * BlockSize, content.AsSpan(accepted * BlockSize, BlockSize), out _);
                if (result != Errno.None) break;
            }
            if (result == Errno.None) result = fs.Fsync(file.Inode, open.Handle, dataOnly: false);
            Assert.That(result, Is.EqualTo(Errno.ENOSPC), "eight blocks do not fit in a cache of four that cannot upload");
            Assert.That(accepted, Is.GreaterThanOrEqualTo(4), "the cache took what fits");
            var status = BlockTier.Status(vault)!;
            Assert.That(status.QueuedBlocks, Is.EqualTo(4));
            Assert.That(status.RemoteReachable, Is.False);

            Directory.Move(_away, _remote);
            // The writer tries again from the refused write on, as after any ENOSPC.
            for (var again = accepted; again < 8; again++)
            {
                Assert.That(fs.Write(file.Inode, open.Handle, (long)again * BlockSize, content.AsSpan(again * BlockSize, BlockSize), out _), Is.EqualTo(Errno.None), "the remote is back: " + string.Join("\n", log));
            }
            Assert.That(fs.Fsync(file.Inode, open.Handle, dataOnly: false), Is.EqualTo(Errno.None), "the staged writes were kept and now fit: " + string.Join("\n", log));
            Assert.That(fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
            Indra.Tests.Shared.Wait.Until(() => BlockTier.Status(vault)!.QueuedBlocks == 0, "the queue to drain");
            Assert.That(BlockTier.Status(vault)!.CachedBytes, Is.LessThanOrEqualTo(4L * BlockSize), "the bound holds");
        }

        // Every byte comes back from the remote directory once the cache is wiped.
        foreach (var fan in Directory.EnumerateDirectories(Path.Combine(_vaultDir, VaultLayout.BlocksDirectory)).Where(d => Path.GetFileName(d).Length == 2))
        {
            foreach (var block in Directory.EnumerateFiles(fan)) File.Delete(block);
        }
        File.Delete(Path.Combine(_vaultDir, VaultLayout.BlocksDirectory, UploadJournal.FileName));
        using (var vault = Vault.Open(_vaultDir))
        using (var fs = new VaultFileSystem(vault))
        {
            Assert.That(fs.Lookup(ReservedInodes.Vault, "big", out var found), Is.EqualTo(Errno.None));
            Assert.That(fs.Open(found.Inode, OpenFlags.ReadOnly, Caller, out var reading), Is.EqualTo(Errno.None));
            var back = new byte[content.Length];
            Assert.That(fs.Read(found.Inode, reading.Handle, 0, back, out var read), Is.EqualTo(Errno.None));
            Assert.That(read, Is.EqualTo(content.Length));
            Assert.That(back, Is.EqualTo(content));
            Assert.That(fs.Release(found.Inode, reading.Handle), Is.EqualTo(Errno.None));
        }
    }

    [Test]
    public void TheFilesystemLayerTakesTheCachesRefusalForAFullDisk()
    {
        var refusal = new CacheFullException("full of blocks waiting for upload");
        Assert.That(DiskFull.Is(refusal), Is.True);
        Assert.That(DiskFull.Is(refusal, _root, 1), Is.True);
    }
}
