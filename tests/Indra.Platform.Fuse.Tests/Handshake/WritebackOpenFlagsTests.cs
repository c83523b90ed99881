using Indra.FileSystem;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Tests.Handshake;

/// <summary>The open flags <see cref="WritebackOpenFlags"/> gives the filesystem with and without the writeback cache.</summary>
[TestFixture]
public sealed class WritebackOpenFlagsTests
{
    [TestCase(OpenFlags.WriteOnly | OpenFlags.Append)]
    [TestCase(OpenFlags.ReadOnly)]
    [TestCase(OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.Truncate)]
    public void WithoutTheCacheTheFlagsPassUnchanged(int flags) =>
        Assert.That(WritebackOpenFlags.Of(flags, writebackCache: false), Is.EqualTo(flags));

    [Test]
    public void WithTheCacheAWriteOnlyAppendBecomesReadWriteWithoutAppend()
    {
        int flags = WritebackOpenFlags.Of(OpenFlags.WriteOnly | OpenFlags.Append | OpenFlags.Create, writebackCache: true);
        Assert.That(flags & OpenFlags.AccessModeMask, Is.EqualTo(OpenFlags.ReadWrite), "the kernel reads partial pages through it");
        Assert.That(flags & OpenFlags.Append, Is.Zero, "the kernel computes the append offsets");
        Assert.That(flags & OpenFlags.Create, Is.EqualTo(OpenFlags.Create), "other flags stay");
        Assert.That(flags & OpenFlags.KernelWriteback, Is.EqualTo(OpenFlags.KernelWriteback), "the kernel keeps the times");
    }

    [Test]
    public void WithTheCacheAReadOnlyOpenStaysReadOnly()
    {
        int flags = WritebackOpenFlags.Of(OpenFlags.ReadOnly, writebackCache: true);
        Assert.That(OpenFlags.Writes(flags), Is.False);
        Assert.That(OpenFlags.Reads(flags), Is.True);
        Assert.That(flags & OpenFlags.KernelWriteback, Is.EqualTo(OpenFlags.KernelWriteback));
    }
}
