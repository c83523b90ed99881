using System.Security.Cryptography;
using Indra.Engine.Domain;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Indra.Sharing.Server;
using Microsoft.AspNetCore.Http;

namespace Indra.Sharing.Tests;

/// <summary>
/// A block run's sender starts loading the next blocks of the run (<see cref="ServingLimits.PrefetchParts"/>) into the
/// page cache before it sends the first byte, so the disk reads them while the first is encrypted and sent; it does
/// not load the whole run at once. Observed on the block files' pages (fincore), evicted first, at the moment the
/// first chunk of the answer is written: the handler's response body holds that write until the blocks ahead are
/// resident or a deadline passes.
/// </summary>
[TestFixture]
public sealed class RunPrefetchTests
{
    private const int BlockSize = 65536;
    private const int Blocks = 12;
    private PairedVaults _vaults = null!;

    private SharingNode Alice => _vaults.Alice;

    [SetUp]
    public void SetUp()
    {
        Shell.Require("fincore", "util-linux");
        _vaults = new PairedVaults(blockSize: BlockSize);
        // Bob's own service would fetch the shared file from alice and so read every block file: only the request
        // below may read them.
        _vaults.Bob.Stop();
    }

    [TearDown]
    public void TearDown() => _vaults.Dispose();

    [Test]
    public async Task ARunLoadsTheBlocksAheadOfTheOneItSendsButNotTheWholeRun()
    {
        var id = Alice.Write("run.bin", RandomNumberGenerator.GetBytes(Blocks * BlockSize));
        Alice.Sharing.Share("run.bin", "bob", AccessMode.Revocable);
        var blocks = Alice.Vault.Content.Load(id.Hash, Blocks * BlockSize).Blocks.Select(b => b.Hash).ToList();
        Assert.That(blocks, Has.Count.EqualTo(Blocks), "one file per block");
        var files = blocks.Select(b => BlockFile(b.ToString())).ToList();
        foreach (var file in files) PageCache.Evict(file);
        Assume.That(files.Select(PageCache.Resident), Is.All.Zero, "the page cache of this file system can be dropped (not tmpfs)");

        var ahead = files.Skip(1).Take(ServingLimits.PrefetchParts).ToList();
        var beyond = files.Skip(ServingLimits.PrefetchParts + 1).ToList();
        var seen = new List<string>();
        var body = new FirstWriteProbe(() =>
        {
            var loaded = Wait.Within(() => ahead.All(file => PageCache.Resident(file) == BlockSize), TimeSpan.FromSeconds(5));
            var untouched = beyond.All(file => PageCache.Resident(file) == 0);
            seen.Add($"bytes resident ahead {string.Join(",", ahead.Select(PageCache.Resident))}, beyond {string.Join(",", beyond.Select(PageCache.Resident))}");
            return loaded && untouched;
        });
        var context = HandlerRequests.Get(PeerCertificates.CreateFor(_vaults.Bob.Vault), Wire.RunsPath + string.Join(Wire.RunSeparator, blocks.Select(b => b.ToString())), body);

        await new PeerRequestHandler(Alice.Sharing).HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status200OK));
        Assert.That(body.Length, Is.EqualTo((long)Blocks * BlockSize), "the whole run was sent");
        Assert.That(body.FirstWriteSaw, Is.True, "when the first chunk was written: " + string.Join("; ", seen));
    }

    private string BlockFile(string hex) =>
        Directory.EnumerateFiles(Alice.Directory, hex, SearchOption.AllDirectories).Single();

    /// <summary>A response body that counts the bytes written and, on the first write, runs a check before taking it.</summary>
    private sealed class FirstWriteProbe(Func<bool> check) : Stream
    {
        private long _length;

        internal bool? FirstWriteSaw { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            FirstWriteSaw ??= check();
            _length += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
