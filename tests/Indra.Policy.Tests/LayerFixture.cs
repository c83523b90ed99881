using Indra.Engine.Vaults;
using Indra.FileSystem;

namespace Indra.Policy.Tests;

/// <summary>A fresh in-memory vault and its filesystem per test, for the policy layers to wrap.</summary>
public abstract class LayerFixture
{
    protected static readonly CallerContext Caller = new(1000, 1000, 1);

    protected Vault Vault { get; private set; } = null!;

    protected VaultFileSystem Fs { get; private set; } = null!;

    [SetUp]
    public void CreateFileSystem()
    {
        Vault = Vault.CreateInMemory(1024);
        Fs = new VaultFileSystem(Vault);
    }

    [TearDown]
    public void DisposeFileSystem()
    {
        Fs.Dispose();
        Vault.Dispose();
    }

    /// <summary>Creates <paramref name="name"/> in /vault through <paramref name="fs"/> and writes <paramref name="bytes"/> bytes.</summary>
    protected static (Errno Create, Errno Write, int Written) WriteFile(IVaultFileSystem fs, string name, int bytes)
    {
        var created = fs.Create(ReservedInodes.Vault, name, 0x1A4, OpenFlags.WriteOnly, Caller, out var attributes, out var open);
        if (created != Errno.None) return (created, Errno.None, 0);
        var written = fs.Write(attributes.Inode, open.Handle, 0, new byte[bytes], out var count);
        fs.Release(attributes.Inode, open.Handle);
        return (created, written, count);
    }
}
