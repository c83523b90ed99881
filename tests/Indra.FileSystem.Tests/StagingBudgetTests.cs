using Indra.FileSystem.Staging;

namespace Indra.FileSystem.Tests;

/// <summary>
/// A staging buffer made while the process-wide memory budget (<see cref="StagingBuffer.MemoryBudget"/>) is used up
/// holds no memory: its first write, truncation or extension goes to its spill file. (It threw a
/// NullReferenceException, answered as EIO to a `cp -a` of many small files, when the kernel's releases fell behind
/// the creates and more than 256 files were being written at once.)
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StagingBudgetTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "indra-staging-budget-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ABufferMadeWithTheBudgetUsedUpWritesToItsFile()
    {
        var held = new List<StagingBuffer>();
        try
        {
            var most = (int)(StagingBuffer.MemoryBudget / StagingBuffer.MemoryLimit) + 1;
            for (var i = 0; i < most; i++) held.Add(new StagingBuffer(Path.Combine(_folder, $"held-{i}")));
            Assert.That(StagingBuffer.MemoryInUse, Is.LessThanOrEqualTo(StagingBuffer.MemoryBudget));

            using var late = new StagingBuffer(Path.Combine(_folder, "late"));
            late.Write("hello"u8, 0);
            late.Write("world"u8, 10);
            var back = new byte[15];
            Assert.That(late.Read(back, 0), Is.EqualTo(15));
            Assert.That(back, Is.EqualTo("hello\0\0\0\0\0world"u8.ToArray()));

            using var cut = new StagingBuffer(Path.Combine(_folder, "cut"));
            cut.SetLength(3);
            Assert.That(cut.Length, Is.EqualTo(3));
            Assert.That(File.Exists(Path.Combine(_folder, "late")), Is.True, "the late buffer spilled to its file");
        }
        finally
        {
            foreach (var buffer in held) buffer.Dispose();
        }
    }
}
