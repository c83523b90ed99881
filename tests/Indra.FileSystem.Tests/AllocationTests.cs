namespace Indra.FileSystem.Tests;

/// <summary>
/// The hot read and write paths allocate nothing per request once warm (issue 5): measured with
/// GC.GetAllocatedBytesForCurrentThread around the handlers the FUSE host calls. Allocation counts are deterministic,
/// unlike timings, so they are asserted here; the figures are printed for the benchmark notes.
/// </summary>
public sealed class AllocationTests : VaultFileSystemFixture
{
    private const int Calls = 2000;

    protected override int BlockSize => 64 * 1024;

    [Test]
    public void ReadingCommittedContentAllocatesNothingPerRequest()
    {
        var content = new byte[8 * BlockSize];
        new Random(1).NextBytes(content);
        var inode = CreateFile(ReservedInodes.Vault, "read.bin", content);
        Assert.That(Fs.Open(inode, OpenFlags.ReadOnly, Caller, out var open), Is.EqualTo(Errno.None));
        var buffer = new byte[32 * 1024];
        void ReadAt(int i) => Fs.Read(inode, open.Handle, (long)(i % 16) * buffer.Length, buffer, out _);
        for (var i = 0; i < 64; i++) ReadAt(i);
        var perCall = AllocatedPerCall(ReadAt);
        TestContext.Progress.WriteLine($"read of committed content: {perCall:0.#} bytes allocated per 32 KiB request");
        Fs.Release(inode, open.Handle);
        Assert.That(perCall, Is.Zero);
    }

    [Test]
    public void WritingIntoStagedBlocksAllocatesNothingPerRequest()
    {
        var inode = CreateFile(ReservedInodes.Vault, "write.bin", new byte[4 * BlockSize]);
        Assert.That(Fs.Open(inode, OpenFlags.ReadWrite, Caller, out var open), Is.EqualTo(Errno.None));
        var data = new byte[4096];
        new Random(2).NextBytes(data);
        void WriteAt(int i) => Fs.Write(inode, open.Handle, i * 7919 % (4 * BlockSize - data.Length), data, out _);
        for (var i = 0; i < 64; i++) WriteAt(i);
        var perCall = AllocatedPerCall(WriteAt);
        TestContext.Progress.WriteLine($"write into staged blocks: {perCall:0.#} bytes allocated per 4 KiB request");
        Fs.Release(inode, open.Handle);
        Assert.That(perCall, Is.Zero);
    }

    private static double AllocatedPerCall(Action<int> call)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++) call(i);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }
}
