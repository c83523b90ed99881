using Indra.FileSystem.Staging;
using Indra.Tests.Shared;

namespace Indra.FileSystem.Tests;

/// <summary>
/// The encrypted spill file of an encrypted vault's staging (<see cref="SealedSpill"/> behind
/// <see cref="StagingBuffer"/>): the same random writes, truncations and extensions at any offset read back exactly as
/// through a plain staging buffer, holes and bytes past a cut read as zeros, and the file on disk holds none of the
/// written bytes.
/// </summary>
[TestFixture]
public sealed class SealedSpillTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "indra-sealed-spill-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Random_writes_truncations_and_reads_match_a_plain_buffer()
    {
        var random = new Random(17);
        using var plain = new StagingBuffer(Path.Combine(_folder, "plain"));
        using var sealedBuffer = new StagingBuffer(Path.Combine(_folder, "sealed"), sealSpill: true);
        for (var step = 0; step < 400; step++)
        {
            var choice = random.Next(10);
            if (choice < 6)
            {
                var data = new byte[random.Next(1, 70_000)];
                random.NextBytes(data);
                var offset = (long)random.Next(0, 1_500_000);
                plain.Write(data, offset);
                sealedBuffer.Write(data, offset);
            }
            else if (choice < 8)
            {
                var length = (long)random.Next(0, 1_600_000);
                plain.SetLength(length);
                sealedBuffer.SetLength(length);
            }
            else
            {
                var offset = (long)random.Next(0, 1_600_000);
                var count = random.Next(1, 100_000);
                var expected = new byte[count];
                var actual = new byte[count];
                var expectedRead = plain.Read(expected, offset);
                var actualRead = sealedBuffer.Read(actual, offset);
                Assert.That(actualRead, Is.EqualTo(expectedRead), $"step {step}: bytes read at {offset}");
                Assert.That(actual.AsSpan(0, actualRead).SequenceEqual(expected.AsSpan(0, expectedRead)), Is.True, $"step {step}: bytes at {offset}");
            }
            Assert.That(sealedBuffer.Length, Is.EqualTo(plain.Length), $"step {step}: length");
        }
        var all = new byte[plain.Length];
        var sealedAll = new byte[sealedBuffer.Length];
        plain.Read(all, 0);
        sealedBuffer.Read(sealedAll, 0);
        Assert.That(sealedAll, Is.EqualTo(all), "the whole content");
    }

    [Test]
    public void The_spilled_file_holds_no_written_bytes_and_reads_holes_as_zeros()
    {
        var data = new byte[600_000];
        new Random(3).NextBytes(data);
        var path = Path.Combine(_folder, "sealed");
        using var buffer = new StagingBuffer(path, sealSpill: true);
        buffer.Write(data, 1_000_001); // past the memory limit: spilled, with a hole before it
        Assert.That(new FileInfo(path).Length, Is.GreaterThanOrEqualTo(1_600_001), "spilled to its file");
        Assert.That(PlainWindows.Find(_folder, [data], 32), Is.Empty, "files holding a 32-byte window of the written bytes");
        var hole = new byte[1_000_001];
        Assert.That(buffer.Read(hole, 0), Is.EqualTo(hole.Length));
        Assert.That(hole.All(b => b == 0), Is.True, "the hole reads as zeros");
        buffer.SetLength(1_000_001 + 1000 + 3); // cut inside a 16-byte unit, then grow again
        buffer.SetLength(1_000_001 + 5000);
        var back = new byte[5000];
        Assert.That(buffer.Read(back, 1_000_001), Is.EqualTo(5000));
        Assert.That(back.AsSpan(0, 1003).SequenceEqual(data.AsSpan(0, 1003)), Is.True, "the kept bytes");
        Assert.That(back.AsSpan(1003).ToArray().All(b => b == 0), Is.True, "the bytes past the cut read as zeros after growing");
    }
}
