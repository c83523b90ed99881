using Indra.Hashing.Tests.Support;

namespace Indra.Hashing.Tests;

/// <summary>HashFile (memory-mapped or read) and HashStream equal the in-memory hash.</summary>
[TestFixture]
public sealed class FileAndStreamTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(16 * 1024 - 1)]
    [TestCase(16 * 1024)]
    [TestCase(1024 * 1024 + 1)]
    [TestCase(4 * 1024 * 1024)]
    [TestCase(9 * 1024 * 1024 + 7)]
    public void HashFile_EqualsHash(int length)
    {
        byte[] data = RandomBytes.Next(new Random(length), length);
        using TempDirectory temp = new();
        string file = temp.Write("data.bin", data);
        Blake3Hash expected = Blake3.Hash(data);
        Assert.That(Blake3.HashFile(file), Is.EqualTo(expected));
        Assert.That(Blake3.HashFile(file, 1), Is.EqualTo(expected));
    }

    [TestCase(0)]
    [TestCase(5000)]
    [TestCase(4 * 1024 * 1024)]
    [TestCase(4 * 1024 * 1024 + 1)]
    [TestCase(10 * 1024 * 1024 + 3)]
    public void HashStream_EqualsHash(int length)
    {
        byte[] data = RandomBytes.Next(new Random(length + 1), length);
        Blake3Hash expected = Blake3.Hash(data);
        Assert.That(Blake3.HashStream(new MemoryStream(data)), Is.EqualTo(expected));
        Assert.That(Blake3.HashStream(new TricklingStream(data), 1), Is.EqualTo(expected));
    }

    [Test]
    public void HashStream_StartsAtCurrentPosition()
    {
        byte[] data = TestVectors.Input(10_000);
        MemoryStream stream = new(data) { Position = 1234 };
        Assert.That(Blake3.HashStream(stream), Is.EqualTo(Blake3.Hash(data.AsSpan(1234))));
    }

    [Test]
    [Platform("Linux", Reason = "Uses a /proc file, which reports length 0 but has content.")]
    public void HashFile_FileWithoutLength_IsReadAsStream()
    {
        const string path = "/proc/self/cmdline";
        Assert.That(Blake3.HashFile(path), Is.EqualTo(Blake3.Hash(File.ReadAllBytes(path))));
    }

    [Test]
    public void HashFile_MissingFile_Throws()
    {
        using TempDirectory temp = new();
        Assert.That(() => Blake3.HashFile(Path.Combine(temp.Path, "missing")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void HashFile_And_HashStream_RejectBadArguments()
    {
        Assert.That(() => Blake3.HashFile(null!), Throws.TypeOf<ArgumentNullException>());
        Assert.That(() => Blake3.HashFile(""), Throws.TypeOf<ArgumentException>());
        Assert.That(() => Blake3.HashStream(null!), Throws.TypeOf<ArgumentNullException>());
        Assert.That(() => Blake3.HashStream(new MemoryStream(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    /// <summary>A non-seekable stream that returns at most 1000 bytes per read.</summary>
    private sealed class TricklingStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 1000), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
