using System.Diagnostics;
using Indra.Engine.Interop;
using Indra.Engine.Vaults;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem.Tests;

/// <summary>
/// A vault on a real, small tmpfs that fills up: writes and commits answer ENOSPC, recognised from the error code the
/// OS gives (not from message text), and the filesystem keeps serving afterwards.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DiskFullTests
{
    private const int BlockSize = 1 << 20;
    private const int Chunk = 64 * 1024;
    private const string Filler = "filler";
    private string _mountPoint = null!;
    private Vault _vault = null!;
    private VaultFileSystem _fs = null!;
    private readonly List<string> _log = [];
    private static readonly CallerContext Caller = new(0, 0, Environment.ProcessId);

    [SetUp]
    public void MountSmallTmpfs()
    {
        Assume.That(OperatingSystem.IsLinux() && CurrentUser.Uid == 0, "mounting a tmpfs needs root on Linux");
        _mountPoint = Directory.CreateTempSubdirectory("indra-full-").FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _mountPoint);
        var loggers = Indra.Tests.Shared.LineLoggerProvider.Factory(line => { lock (_log) _log.Add(line); });
        _vault = Vault.Create(Path.Combine(_mountPoint, "vault"), BlockSize, services: new VaultServices(TimeProvider.System, loggers));
        _fs = new VaultFileSystem(_vault);
    }

    [TearDown]
    public void Unmount()
    {
        if (_mountPoint is null) return;
        try
        {
            File.Delete(Path.Combine(_mountPoint, Filler));
            _fs?.Dispose();
            _vault?.Dispose();
        }
        finally
        {
            // Whatever failed above, the tmpfs goes: a test run must not leave mounts behind.
            Run("umount", "-l", _mountPoint);
            Directory.Delete(_mountPoint);
        }
    }

    [Test]
    public void WritesPastTheFreeSpaceAreENOSPC()
    {
        Assert.That(_fs.Create(ReservedInodes.Vault, "big", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
        var chunk = new byte[Chunk];
        Random.Shared.NextBytes(chunk);
        var result = Errno.None;
        long staged = 0;
        // Written backwards, so nothing is a sequential run of whole blocks: every byte goes to the staging file
        // beside the vault (past 256 KiB), and the 2 MiB tmpfs fills well before 8 MiB.
        for (long offset = (8 << 20) - Chunk; result == Errno.None && offset >= 0; offset -= Chunk)
        {
            result = _fs.Write(file.Inode, open.Handle, offset, chunk, out var written);
            staged += written;
        }
        Assert.That(result, Is.EqualTo(Errno.ENOSPC));
        Assert.That(staged, Is.GreaterThan(0).And.LessThan(2 << 20));

        // Truncating the open file gives the staged bytes back; it then saves, empty, and the filesystem works as before.
        var truncate = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = 0 };
        Assert.That(_fs.SetAttributes(file.Inode, truncate, open.Handle, Caller, out var truncated), Is.EqualTo(Errno.None));
        Assert.That(truncated.Size, Is.Zero);
        Assert.That(_fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(_fs.MakeDirectory(ReservedInodes.Vault, "after", 0x1ED, Caller, out _), Is.EqualTo(Errno.None));
        Assert.That(_fs.GetAttributes(file.Inode, out var saved), Is.EqualTo(Errno.None));
        Assert.That(saved.Size, Is.Zero);
    }

    [Test]
    public void ACommitThatFindsTheDiskFullIsENOSPCAndTheFileCanBeSavedOnceThereIsRoom()
    {
        var filler = Path.Combine(_mountPoint, Filler);
        Assert.That(_fs.Create(ReservedInodes.Vault, "small", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
        var content = new byte[128 * 1024];
        Random.Shared.NextBytes(content);
        // Staged in memory (under 256 KiB), so the write itself needs no disk.
        Assert.That(_fs.Write(file.Inode, open.Handle, 0, content, out _), Is.EqualTo(Errno.None));
        FillDisk(filler);

        Assert.That(_fs.Fsync(file.Inode, open.Handle, dataOnly: false), Is.EqualTo(Errno.ENOSPC));

        File.Delete(filler);
        Assert.That(_fs.Fsync(file.Inode, open.Handle, dataOnly: false), Is.EqualTo(Errno.None), "the staged writes were kept");
        Assert.That(_fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(_fs.Open(file.Inode, OpenFlags.ReadOnly, Caller, out var reading), Is.EqualTo(Errno.None));
        var back = new byte[content.Length];
        Assert.That(_fs.Read(file.Inode, reading.Handle, 0, back, out var read), Is.EqualTo(Errno.None));
        Assert.That(read, Is.EqualTo(content.Length));
        Assert.That(back, Is.EqualTo(content));
        Assert.That(_fs.Release(file.Inode, reading.Handle), Is.EqualTo(Errno.None));
    }

    [Test]
    public void WholeBlocksWrittenInTheBackgroundOnAFullDiskAreENOSPCAtFsyncAndSavedOnceThereIsRoom()
    {
        var filler = Path.Combine(_mountPoint, Filler);
        Assert.That(_fs.Create(ReservedInodes.Vault, "whole", 0x1A4, OpenFlags.WriteOnly, Caller, out var file, out var open), Is.EqualTo(Errno.None));
        // The new file's metadata lands first: only the block writes meet the full disk.
        Assert.That(_fs.Fsync(file.Inode, open.Handle, dataOnly: false), Is.EqualTo(Errno.None));
        FillDisk(filler);
        var content = new byte[BlockSize + 4096]; // a whole block (queued) and a tail; room for both once the filler goes
        Random.Shared.NextBytes(content);
        // Whole blocks in order are hashed and queued; the write answers before their files are written.
        for (var offset = 0; offset < content.Length; offset += BlockSize)
        {
            var part = content.AsSpan(offset, Math.Min(BlockSize, content.Length - offset)).ToArray();
            Assert.That(_fs.Write(file.Inode, open.Handle, offset, part, out var written), Is.EqualTo(Errno.None));
            Assert.That(written, Is.EqualTo(part.Length));
        }

        Assert.That(_fs.Fsync(file.Inode, open.Handle, dataOnly: false), Is.EqualTo(Errno.ENOSPC), "the failed block writes reach fsync");

        File.Delete(filler);
        // Queued metadata writes (the times the writes moved) that met the full disk are reported once, by the first
        // fsync after it; the one after that must save the file from the kept blocks.
        var saved = _fs.Fsync(file.Inode, open.Handle, dataOnly: false);
        if (saved == Errno.ENOSPC) saved = _fs.Fsync(file.Inode, open.Handle, dataOnly: false);
        Assert.That(saved, Is.EqualTo(Errno.None), "the blocks were kept and written now: " + string.Join(" | ", _log));
        Assert.That(_fs.Release(file.Inode, open.Handle), Is.EqualTo(Errno.None));
        Assert.That(_fs.Open(file.Inode, OpenFlags.ReadOnly, Caller, out var reading), Is.EqualTo(Errno.None));
        var back = new byte[content.Length];
        var total = 0;
        while (total < back.Length)
        {
            Assert.That(_fs.Read(file.Inode, reading.Handle, total, back.AsSpan(total), out var read), Is.EqualTo(Errno.None));
            if (read == 0) break;
            total += read;
        }
        Assert.That(total, Is.EqualTo(content.Length));
        Assert.That(back, Is.EqualTo(content));
        Assert.That(_fs.Release(file.Inode, reading.Handle), Is.EqualTo(Errno.None));
    }

    /// <summary>Writes <paramref name="path"/> until the filesystem refuses, leaving no free block.</summary>
    private static void FillDisk(string path)
    {
        var chunk = new byte[4096];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true) stream.Write(chunk);
        }
        catch (IOException e) when (e.HResult == 28)
        {
            // ENOSPC: the disk is full, as wanted.
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program}: {error}");
    }
}
