using Indra.Engine.Vaults;

namespace Indra.FileSystem.Tests;

/// <summary>A fresh in-memory vault and filesystem per test.</summary>
public abstract class VaultFileSystemFixture
{
    protected static readonly CallerContext Caller = new(1000, 1000, 1);

    protected Vault Vault { get; private set; } = null!;

    protected VaultFileSystem Fs { get; private set; } = null!;

    protected virtual int BlockSize => 1024;

    [SetUp]
    public void CreateFileSystem()
    {
        Vault = Vault.CreateInMemory(BlockSize, new VaultServices(TimeProvider.System, Indra.Tests.Shared.LineLoggerProvider.Factory(line => TestContext.Progress.WriteLine(line))));
        Fs = new VaultFileSystem(Vault);
    }

    [TearDown]
    public void DisposeFileSystem()
    {
        Fs.Dispose();
        Vault.Dispose();
    }

    protected ulong CreateFile(ulong parent, string name, byte[] content)
    {
        Assert.That(Fs.Create(parent, name, 0x1A4, OpenFlags.WriteOnly, Caller, out var attributes, out var open), Is.EqualTo(Errno.None));
        Assert.That(Fs.Write(attributes.Inode, open.Handle, 0, content, out var written), Is.EqualTo(Errno.None));
        Assert.That(written, Is.EqualTo(content.Length));
        Assert.That(Fs.Release(attributes.Inode, open.Handle), Is.EqualTo(Errno.None));
        return attributes.Inode;
    }

    protected byte[] ReadAll(ulong inode)
    {
        Assert.That(Fs.GetAttributes(inode, out var attributes), Is.EqualTo(Errno.None));
        Assert.That(Fs.Open(inode, OpenFlags.ReadOnly, Caller, out var open), Is.EqualTo(Errno.None));
        var buffer = new byte[attributes.Size];
        Assert.That(Fs.Read(inode, open.Handle, 0, buffer, out var read), Is.EqualTo(Errno.None));
        Assert.That(read, Is.EqualTo(buffer.Length));
        Fs.Release(inode, open.Handle);
        return buffer;
    }

    protected List<string> List(ulong directory, int perCall = int.MaxValue)
    {
        Assert.That(Fs.OpenDirectory(directory, Caller, out var handle), Is.EqualTo(Errno.None));
        var names = new List<string>();
        long cookie = 0;
        while (true)
        {
            var batch = 0;
            long last = cookie;
            Fs.ReadDirectory(directory, handle, cookie, false, (in DirectoryEntry entry) =>
            {
                if (batch == perCall) return false;
                batch++;
                names.Add(entry.Name);
                last = entry.NextCookie;
                return true;
            });
            if (batch == 0) break;
            cookie = last;
        }
        Fs.ReleaseDirectory(directory, handle);
        return names;
    }
}
