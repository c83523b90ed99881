using Indra.Hashing;

namespace Indra.FileSystem.Tests;

public sealed class ContentTests : VaultFileSystemFixture
{
    [Test]
    public void RandomWritesAndTruncatesMatchAModelFile([Values(1, 2, 3, 4, 5)] int seed)
    {
        var random = new Random(seed);
        var inode = CreateFile(ReservedInodes.Vault, "model.bin", []);
        var model = new List<byte>();
        Assert.That(Fs.Open(inode, OpenFlags.ReadWrite, Caller, out var open), Is.EqualTo(Errno.None));
        for (var step = 0; step < 60; step++)
        {
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    WriteRandom(random, inode, open.Handle, model, random.Next(0, model.Count + 3000), random.Next(1, 5000));
                    break;
                case 2:
                {
                    var size = random.Next(0, model.Count + 4000);
                    var request = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = size };
                    Assert.That(Fs.SetAttributes(inode, request, open.Handle, Caller, out var attributes), Is.EqualTo(Errno.None));
                    Assert.That(attributes.Size, Is.EqualTo(size));
                    if (size < model.Count) model.RemoveRange(size, model.Count - size);
                    while (model.Count < size) model.Add(0);
                    break;
                }
                case 3:
                    Assert.That(Fs.Flush(inode, open.Handle), Is.EqualTo(Errno.None));
                    break;
                default:
                {
                    var offset = random.Next(0, model.Count + 10);
                    var buffer = new byte[random.Next(1, 6000)];
                    Assert.That(Fs.Read(inode, open.Handle, offset, buffer, out var read), Is.EqualTo(Errno.None));
                    var expected = model.Skip(offset).Take(buffer.Length).ToArray();
                    Assert.That(buffer[..read], Is.EqualTo(expected), $"read at step {step}");
                    break;
                }
            }
        }
        Fs.Release(inode, open.Handle);
        Assert.That(ReadAll(inode), Is.EqualTo(model.ToArray()));
        Assert.That(Fs.GetExtendedAttribute(inode, "user.indra.id", out var id), Is.EqualTo(Errno.None));
        Assert.That(System.Text.Encoding.ASCII.GetString(id), Is.EqualTo(Blake3.Hash(model.ToArray()).ToString()));
    }

    [Test]
    public void SequentialRunsMixedWithEditsMatchAModelFile([Values(1, 2, 3, 4, 5, 6)] int seed)
    {
        // Sequential runs seal whole blocks as they complete; edits, reads and truncates must see through that.
        var random = new Random(seed);
        var initial = new byte[random.Next(0, 6 * BlockSize)];
        random.NextBytes(initial);
        var inode = CreateFile(ReservedInodes.Vault, "runs.bin", initial);
        var model = new List<byte>(initial);
        Assert.That(Fs.Open(inode, OpenFlags.ReadWrite, Caller, out var open), Is.EqualTo(Errno.None));
        for (var step = 0; step < 80; step++)
        {
            switch (random.Next(7))
            {
                case 0:
                case 1:
                case 2:
                {
                    // A sequential run from a block boundary (inside the file or at its end), in chunks of varied sizes.
                    var start = random.Next(0, model.Count / BlockSize + 1) * BlockSize;
                    var length = random.Next(1, 5 * BlockSize);
                    var chunk = new[] { 1, 100, BlockSize / 2, BlockSize, 2 * BlockSize + 7 }[random.Next(5)];
                    var data = new byte[length];
                    random.NextBytes(data);
                    for (var done = 0; done < length; done += chunk)
                    {
                        var piece = data.AsSpan(done, Math.Min(chunk, length - done));
                        Assert.That(Fs.Write(inode, open.Handle, start + done, piece, out _), Is.EqualTo(Errno.None));
                    }
                    Apply(model, start, data);
                    break;
                }
                case 3:
                    WriteRandom(random, inode, open.Handle, model, random.Next(0, model.Count + 10), random.Next(1, 700));
                    break;
                case 4:
                {
                    var size = random.Next(0, model.Count + 2 * BlockSize);
                    var request = new SetAttributesRequest { Fields = SetAttributeFields.Size, Size = size };
                    Assert.That(Fs.SetAttributes(inode, request, open.Handle, Caller, out _), Is.EqualTo(Errno.None));
                    if (size < model.Count) model.RemoveRange(size, model.Count - size);
                    while (model.Count < size) model.Add(0);
                    break;
                }
                case 5:
                    Assert.That(Fs.GetExtendedAttribute(inode, "user.indra.id", out var current), Is.EqualTo(Errno.None));
                    Assert.That(System.Text.Encoding.ASCII.GetString(current), Is.EqualTo(Blake3.Hash(model.ToArray()).ToString()), $"id at step {step}");
                    break;
                default:
                {
                    var offset = random.Next(0, model.Count + 10);
                    var buffer = new byte[random.Next(1, 3 * BlockSize)];
                    Assert.That(Fs.Read(inode, open.Handle, offset, buffer, out var read), Is.EqualTo(Errno.None));
                    Assert.That(buffer[..read], Is.EqualTo(model.Skip(offset).Take(buffer.Length).ToArray()), $"read at step {step}");
                    break;
                }
            }
        }
        Fs.Release(inode, open.Handle);
        Assert.That(ReadAll(inode), Is.EqualTo(model.ToArray()));
        Assert.That(Fs.GetExtendedAttribute(inode, "user.indra.id", out var id), Is.EqualTo(Errno.None));
        Assert.That(System.Text.Encoding.ASCII.GetString(id), Is.EqualTo(Blake3.Hash(model.ToArray()).ToString()));
    }

    /// <summary>Writes <paramref name="length"/> random bytes at <paramref name="offset"/> to the file and to its model.</summary>
    private void WriteRandom(Random random, ulong inode, ulong handle, List<byte> model, int offset, int length)
    {
        var data = new byte[length];
        random.NextBytes(data);
        Assert.That(Fs.Write(inode, handle, offset, data, out _), Is.EqualTo(Errno.None));
        Apply(model, offset, data);
    }

    private static void Apply(List<byte> model, int offset, byte[] data)
    {
        while (model.Count < offset + data.Length) model.Add(0);
        for (var i = 0; i < data.Length; i++) model[offset + i] = data[i];
    }

    [Test]
    public void LargeStagedFilesSpillToDiskAndReadBackExactly()
    {
        var data = new byte[600_000];
        new Random(11).NextBytes(data);
        var inode = CreateFile(ReservedInodes.Vault, "big", []);
        Assert.That(Fs.Open(inode, OpenFlags.ReadWrite, Caller, out var open), Is.EqualTo(Errno.None));
        for (var offset = 0; offset < data.Length; offset += 4096)
        {
            Fs.Write(inode, open.Handle, offset, data.AsSpan(offset, Math.Min(4096, data.Length - offset)), out _);
        }
        data[300_000] ^= 1;
        Fs.Write(inode, open.Handle, 300_000, data.AsSpan(300_000, 1), out _);
        var back = new byte[data.Length];
        Fs.Read(inode, open.Handle, 0, back, out var read);
        Assert.That(read, Is.EqualTo(data.Length));
        Assert.That(back, Is.EqualTo(data));
        Fs.Release(inode, open.Handle);
        Assert.That(ReadAll(inode), Is.EqualTo(data));
        Assert.That(Directory.EnumerateFiles(Vault.StagingDirectory), Is.Empty, "the spill file is gone after release");
    }

    [Test]
    public void IdenticalFilesShareALeaf()
    {
        var data = new byte[10_000];
        new Random(7).NextBytes(data);
        var a = CreateFile(ReservedInodes.Vault, "a", data);
        var stored = Vault.Counters.BytesStored;
        var b = CreateFile(ReservedInodes.Vault, "b", data);
        Assert.That(Vault.Counters.BytesStored, Is.EqualTo(stored));
        Fs.GetExtendedAttribute(a, "user.indra.id", out var idA);
        Fs.GetExtendedAttribute(b, "user.indra.id", out var idB);
        Assert.That(idA, Is.EqualTo(idB));
        Assert.That(Vault.Metadata.LeafReferenceCount(Blake3.Hash(data)), Is.EqualTo(2));
    }

    [Test]
    public void WritesOutsideTheVaultAreRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fs.Create(ReservedInodes.Peers, "x", 0x1A4, OpenFlags.WriteOnly, Caller, out _, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Create(ReservedInodes.Realms, "x", 0x1A4, OpenFlags.WriteOnly, Caller, out _, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.MakeDirectory(ReservedInodes.Meta, "x", 0x1ED, Caller, out _), Is.EqualTo(Errno.EROFS));
            Assert.That(Fs.Create(ReservedInodes.Root, "x", 0x1A4, OpenFlags.WriteOnly, Caller, out _, out _), Is.EqualTo(Errno.EACCES));
            Assert.That(Fs.Create(ReservedInodes.Vault, new string('x', 256), 0x1A4, OpenFlags.WriteOnly, Caller, out _, out _), Is.EqualTo(Errno.ENAMETOOLONG));
        });
        Fs.Lookup(ReservedInodes.Meta, "heat.json", out var heat);
        Assert.That(Fs.Open(heat.Inode, OpenFlags.WriteOnly, Caller, out _), Is.EqualTo(Errno.EROFS));
    }

    [Test]
    public void OpensAndListingsAreAttention()
    {
        var inode = CreateFile(ReservedInodes.Vault, "seen.md", "x"u8.ToArray());
        ReadAll(inode);
        List(ReservedInodes.Vault);
        var events = Vault.Attention.Recent(100);
        Assert.That(events.Select(e => (e.Kind, e.Path)), Is.SupersetOf(new[] { (0, "vault/seen.md"), (1, "vault/seen.md"), (0, "vault") }));
    }

    [Test]
    public void AttentionPathsNameEveryLevelAlsoPastTheStackBuffer()
    {
        // 12 levels of 60-character names: 737 characters, past the 512 a path is first written into.
        var parent = ReservedInodes.Vault;
        var expected = "vault";
        for (var level = 0; level < 12; level++)
        {
            var name = $"{level:D2}" + new string((char)('a' + level), 58);
            Assert.That(Fs.MakeDirectory(parent, name, 0x1ED, Caller, out var made), Is.EqualTo(Errno.None));
            parent = made.Inode;
            expected += "/" + name;
        }
        var inode = CreateFile(parent, "deep.md", "x"u8.ToArray());
        var shallow = CreateFile(ReservedInodes.Vault, "top.md", "y"u8.ToArray());
        ReadAll(inode);
        ReadAll(shallow);
        List(parent);

        var paths = Vault.Attention.Recent(100).Select(e => e.Path).ToList();
        Assert.That(expected.Length, Is.GreaterThan(512));
        Assert.That(paths, Does.Contain(expected + "/deep.md").And.Contain(expected).And.Contain("vault/top.md"));
    }
}
