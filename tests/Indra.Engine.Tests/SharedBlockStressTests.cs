using System.Collections.Concurrent;
using System.Security.Cryptography;
using Indra.Engine.Content;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Engine.Tests;

/// <summary>
/// Many files share one small block (a 1-byte tail "z", as deduplication shares it among files whose sizes end one
/// byte into a block) while they are rewritten concurrently: each save follows the filesystem's commit protocol (the
/// new version's blocks are stored and pinned, then the metadata acquires it and releases the old version, queued or
/// durable, and blocks left without references are deleted after the commit). Every file must keep its bytes and
/// every block the metadata references must stay stored.
/// </summary>
public sealed class SharedBlockStressTests
{
    private const int BlockSize = 1024;
    private const int Files = 16;
    private const int SavesPerFile = 200;
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "indra-stress-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void A_small_block_shared_by_files_rewritten_concurrently_is_never_deleted_while_referenced()
    {
        var failures = new ConcurrentQueue<string>();
        var expected = new byte[Files][];
        var current = new LeafVersion[Files];
        using (var vault = Vault.Create(_dir, BlockSize))
        {
            vault.Metadata.Log = line => failures.Enqueue("log: " + line);
            using var start = new Barrier(Files);
            var workers = Enumerable.Range(0, Files).Select(file => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    var version = LeafVersion.Empty;
                    for (var save = 0; save < SavesPerFile; save++)
                    {
                        var content = NextContent(file, save);
                        version = Save(vault, version, content, durable: save % 50 == 25);
                        expected[file] = content;
                        current[file] = version;
                        // Read the version back at once, as the next append or read does (blocks are read whole and
                        // verified the first time).
                        var back = new byte[content.Length];
                        if (vault.Content.Read(version, 0, back) != content.Length || !back.AsSpan().SequenceEqual(content))
                        {
                            failures.Enqueue($"file {file} save {save}: read back differs");
                        }
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue($"file {file}: {e.GetType().Name}: {e.Message}");
                }
            })).ToList();
            foreach (var worker in workers) worker.Start();
            foreach (var worker in workers) worker.Join();
            vault.Metadata.FlushDeferred();

            Assert.That(failures, Is.Empty);
            for (var file = 0; file < Files; file++)
            {
                var stored = vault.Content.Load(current[file].Id, current[file].Size);
                var back = new byte[expected[file].Length];
                Assert.That(vault.Content.Read(stored, 0, back), Is.EqualTo(back.Length));
                Assert.That(back, Is.EqualTo(expected[file]), $"file {file}");
            }
            var missing = vault.Metadata.ListBlocks().Where(b => !vault.Blocks.Contains(b.Hash)).ToList();
            Assert.That(missing, Is.Empty, "blocks the metadata references but the block store lacks");
        }
        // The committed state after reopening: the same bytes.
        using var reopened = Vault.Open(_dir);
        for (var file = 0; file < Files; file++)
        {
            var stored = reopened.Content.Load(current[file].Id, current[file].Size);
            var back = new byte[expected[file].Length];
            reopened.Content.Read(stored, 0, back);
            Assert.That(back, Is.EqualTo(expected[file]), $"file {file} after reopening");
        }
    }

    /// <summary>
    /// Every other version of a file ends in a 1-byte block shared with one other file ("a" for files 0 and 1, "b" for
    /// 2 and 3, …) after two blocks of its own; the others are 1,500 bytes of their own. Releasing a version with the
    /// shared block frees its own blocks and, when the other file does not hold it at that moment, the shared one,
    /// while the other file is storing it again.
    /// </summary>
    private static byte[] NextContent(int file, int save)
    {
        if (save % 2 == 1) return RandomNumberGenerator.GetBytes(1500);
        var content = new byte[2 * BlockSize + 1];
        RandomNumberGenerator.Fill(content.AsSpan(0, 2 * BlockSize));
        content[^1] = (byte)('a' + file / 2);
        return content;
    }

    /// <summary>
    /// One save as VaultFileSystem.Commit does it: blocks stored and pinned first; then either a durable transaction
    /// (fsync), after which the pins go and the freed blocks are deleted, or a queued one whose after-commit action
    /// unpins and deletes (close).
    /// </summary>
    private static LeafVersion Save(Vault vault, LeafVersion previous, byte[] content, bool durable)
    {
        var metadata = vault.Metadata;
        var pending = vault.Content.Build(content, durable);
        var version = pending.Version;
        var old = previous.Id;
        var first = previous.Blocks.Count == 0;
        if (durable)
        {
            List<Blake3Hash> dead = [];
            try
            {
                metadata.CommitDurably(() =>
                {
                    metadata.AcquireLeaf(version.Id, version.Size, BlockSize, version.Blocks);
                    dead = first ? [] : metadata.ReleaseLeaf(old);
                });
            }
            finally
            {
                pending.Dispose();
            }
            vault.Content.DeleteUnreferenced(dead);
            return version;
        }
        metadata.Defer(() =>
        {
            metadata.AcquireLeaf(version.Id, version.Size, BlockSize, version.Blocks);
            var released = first ? [] : metadata.ReleaseLeaf(old);
            metadata.AfterCommit(() =>
            {
                pending.Dispose();
                vault.Content.DeleteUnreferenced(released);
            });
        });
        return version;
    }
}
