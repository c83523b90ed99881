using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Indra.Hashing;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.Storage.Tests;

/// <summary>
/// The storage layer makes its files 0600 and its folders 0700 as it creates them, under the usual umask 022 (which
/// would otherwise leave them 0644 and 0755): the block store's folders and block files, and the metadata database
/// with its -wal and -shm files.
/// </summary>
[NonParallelizable] // sets the process's umask while it runs
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class OwnerOnlyTests
{
    private const UnixFileMode File0600 = (UnixFileMode)0x180;
    private const UnixFileMode Folder0700 = (UnixFileMode)0x1C0;
    private string _dir = null!;
    private uint _umask;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-owner-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _umask = SetUmask(0x12); // 022
    }

    [TearDown]
    public void RemoveDirectory()
    {
        SetUmask(_umask);
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Block_folders_and_block_files_are_owner_only()
    {
        var root = Path.Combine(_dir, "blocks");
        using var store = new FileBlockStore(root);
        var data = RandomNumberGenerator.GetBytes(40_000);
        var hash = Blake3.Hash(data);
        store.Put(hash, data, durable: false);
        Assert.That(File.GetUnixFileMode(store.PathOf(hash)), Is.EqualTo(File0600));
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(store.PathOf(hash))!), Is.EqualTo(Folder0700));
        Assert.That(File.GetUnixFileMode(Path.Combine(root, "tmp")), Is.EqualTo(Folder0700));
        Assert.That(File.GetUnixFileMode(root), Is.EqualTo(Folder0700));
    }

    [Test]
    public void The_metadata_database_and_its_wal_and_shm_files_are_owner_only()
    {
        var path = Path.Combine(_dir, "vault.db");
        using var store = MetadataStore.Open(path);
        store.SetSetting("probe", "1");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Assert.That(File.Exists(file), Is.True, file);
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(File0600), file);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}
