using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.EmulatorConformance;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>Unbuffered readers: PrjWriteFileData must be aligned (ERROR_OFFSET_ALIGNMENT_VIOLATION otherwise).</summary>
[TestFixture]
public sealed class AlignedWriteTests : EmulatorTestBase
{
    protected override EmulatorOptions EmulatorOptions => new() { WriteAlignment = 4096 };

    [Test]
    public void UnalignedWritesFailTheRead()
    {
        var error = Assert.Throws<EmulatedIOException>(() => Emulator.ReadAll("a\\b\\f.txt"))!;
        Assert.That(error.HResult, Is.EqualTo(HResult.OffsetAlignmentViolation), "the scripted provider writes 3 bytes at a time");
        Assert.That(Emulator.GetVirtualizationInstanceInfo(out _, out var alignment), Is.EqualTo(HResult.Ok));
        Assert.That(alignment, Is.EqualTo(4096u));
    }
}

/// <summary>The host serves GetFileData for any range, aligned or not, in any order.</summary>
[TestFixture]
public sealed class FileDataRangeTests
{
    [TestCase(0u)]
    [TestCase(4096u)]
    public void TheHostServesRandomRanges(uint alignment)
    {
        using var mount = new MountedVault(new EmulatorOptions { RandomFileDataRanges = true, WriteAlignment = alignment, RandomSeed = 99 });
        var content = new byte[300_000 + 123];
        new Random(5).NextBytes(content);
        mount.Vault.WriteFile("vault/big.bin", content);
        mount.Mount();
        Assert.That(mount.Emulator.ReadAll("vault\\big.bin"), Is.EqualTo(content));
        var ranges = mount.Emulator.Trace.Where(t => t.StartsWith("GetFileData", StringComparison.Ordinal)).ToList();
        Assert.That(ranges, Has.Count.GreaterThan(1), "several ranges were asked for");
        Assert.That(ranges, Has.Some.Not.StartsWith("GetFileData(vault\\big.bin,0,"), "not only from the start");
        Assert.That(mount.Emulator.Violations, Is.Empty);
    }
}
