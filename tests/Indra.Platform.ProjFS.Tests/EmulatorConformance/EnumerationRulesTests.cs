using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.EmulatorConformance;

/// <summary>projfs.md §9.2 rules 10–14 and §9.9: ordering checks, buffer-full handling, filters, provider errors.</summary>
[TestFixture]
public sealed class EnumerationRulesTests : EmulatorTestBase
{
    [Test]
    public void AMisSortedProviderFailsTheTest()
    {
        Provider.ReverseOrder = true;
        Assert.Throws<ProtocolViolationException>(() => Emulator.EnumerateDirectory(""));
        Assert.That(Emulator.Violations, Has.Count.EqualTo(1));
    }

    [Test]
    public void CaseOnlyDuplicatesFailTheTest()
    {
        Provider.DuplicateCase = true;
        Assert.Throws<ProtocolViolationException>(() => Emulator.EnumerateDirectory(""));
    }

    [Test]
    public void FirstEntryOverflowGrowsTheBuffer()
    {
        var entries = Emulator.EnumerateDirectory("", capacity: DirBufferCapacity.OfBytes(16));
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "a", "empty", "top.txt" }));
        Assert.That(Emulator.Trace.Count(t => t.StartsWith("GetDirectoryEnumeration", StringComparison.Ordinal)), Is.GreaterThan(4));
    }

    [Test]
    public void OkOnFirstEntryOverflowEndsTheListingEarly()
    {
        Provider.OkOnFirstEntryOverflow = true;
        var entries = Emulator.EnumerateDirectory("", capacity: DirBufferCapacity.OfBytes(16));
        Assert.That(entries, Is.Empty, "S_OK with nothing added means the end: VFSForGit's variant loses names");
    }

    [Test]
    public void OneEntryBuffersReturnEverything()
    {
        for (var i = 0; i < 30; i++)
        {
            Provider.File($"many\\f{i:D2}.txt", "x");
        }

        var entries = Emulator.EnumerateDirectory("many", capacity: DirBufferCapacity.OfEntries(1));
        Assert.That(entries, Has.Count.EqualTo(30));
        Assert.That(Emulator.Trace.Count(t => t.StartsWith("GetDirectoryEnumeration", StringComparison.Ordinal)), Is.EqualTo(31));
    }

    [Test]
    public void LocalItemsMergeWithProjectedOnes()
    {
        for (var i = 0; i < 26; i++)
        {
            Provider.File($"letters\\{(char)('a' + i)}", "x");
        }

        for (var i = 0; i < 26; i += 2)
        {
            using (Emulator.OpenRead($"letters\\{(char)('a' + i)}"))
            {
            }
        }

        var entries = Emulator.EnumerateDirectory("letters", capacity: DirBufferCapacity.OfBytes(512));
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(Enumerable.Range(0, 26).Select(i => ((char)('a' + i)).ToString())));
        Assert.That(entries.Count(e => !e.FromProvider), Is.EqualTo(13));
    }

    [Test]
    public void ARestartCanBringANewFilter()
    {
        using var directory = Emulator.OpenDirectory("a");
        Assert.That(directory.Read("*.txt").Select(e => e.Name), Is.EqualTo(new[] { "c.txt" }));
        Assert.That(directory.Read("b", restartScan: true).Select(e => e.Name), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void ProviderErrorsOutsideTheAllowedSetBecomeInternalErrors()
    {
        Provider.FileDataResult = unchecked((int)0x80004005); // E_FAIL
        Assert.That(HResultOf(() => Emulator.ReadAll("top.txt")), Is.EqualTo(HResult.InternalError));
        Provider.FileDataResult = HResult.AccessDenied;
        Assert.That(HResultOf(() => Emulator.ReadAll("top.txt")), Is.EqualTo(HResult.AccessDenied));
    }

    [Test]
    public void ShortHydrationFailsTheTest()
    {
        Provider.FileDataResult = HResult.Ok;
        Assert.Throws<ProtocolViolationException>(() => Emulator.ReadAll("top.txt"));
    }

    [Test]
    public void ClosingMidHydrationGivesTheProviderEHandle()
    {
        using var handle = Emulator.OpenRead("a\\b\\f.txt");
        handle.CloseDuringHydration = true;
        Assert.That(Assert.Throws<EmulatedIOException>(() => handle.ReadToEnd())!.HResult, Is.EqualTo(HResult.InvalidHandle));
    }
}

/// <summary>The .NET Framework caller: a first-entry overflow fails the listing.</summary>
[TestFixture]
public sealed class FindFirstFileEmulatorTests : EmulatorTestBase
{
    /// <inheritdoc />
    protected override EmulatorOptions EmulatorOptions => new() { FirstEntryOverflow = FirstEntryOverflowMode.FailListing };

    [Test]
    public void FirstEntryOverflowFailsTheListing() =>
        Assert.That(HResultOf(() => Emulator.EnumerateDirectory("", capacity: DirBufferCapacity.OfBytes(16))),
            Is.EqualTo(HResult.InsufficientBuffer));
}
