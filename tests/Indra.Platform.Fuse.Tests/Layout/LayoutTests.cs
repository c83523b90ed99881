using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Tests.Layout;

/// <summary>
/// The interop structs, bit masks and constants against the installed libfuse 3.14 and glibc headers, via a C
/// program compiled at test time, plus the sizes the reference documents.
/// </summary>
[TestFixture]
public sealed class LayoutTests
{
    private Dictionary<string, long> _native = [];

    public static IEnumerable<TestCaseData> Rows() =>
        ManagedLayout.Rows().Select(row => new TestCaseData(row.Key, row.Value).SetName($"Layout({row.Key})"));

    [OneTimeSetUp]
    public void CompileTheLayoutProgram() => _native = CLayoutProgram.Run();

    [TestCaseSource(nameof(Rows))]
    public void Matches_the_C_headers(string key, long managed)
    {
        Assert.That(_native.ContainsKey(key), Is.True, $"layout.c printed no \"{key}\"");
        Assert.That(managed, Is.EqualTo(_native[key]), key);
    }

    [Test]
    public void Every_line_of_the_C_program_is_compared()
    {
        var managedKeys = ManagedLayout.Rows().Select(row => row.Key).ToHashSet(StringComparer.Ordinal);
        Assert.That(_native.Keys.Where(key => !managedKeys.Contains(key)), Is.Empty);
    }

    [Test]
    public void The_ops_table_has_44_members_of_8_bytes()
    {
        Assert.That(ManagedLayout.OperationCount, Is.EqualTo(FuseLowLevelOps.MemberCount));
        Assert.That(FuseLowLevelOps.MemberCount * 8, Is.EqualTo(FuseLowLevelOps.Size));
    }

    [Test]
    public unsafe void Sizes_are_the_documented_ones()
    {
        Assert.Multiple(() =>
        {
            Assert.That(sizeof(FuseLowLevelOps), Is.EqualTo(352));
            Assert.That(sizeof(FuseFileInfo), Is.EqualTo(40));
            Assert.That(sizeof(Stat), Is.EqualTo(144));
            Assert.That(sizeof(FuseEntryParam), Is.EqualTo(176));
            Assert.That(sizeof(FuseConnInfo), Is.EqualTo(128));
            Assert.That(sizeof(StatVfs), Is.EqualTo(112));
            Assert.That(sizeof(Timespec), Is.EqualTo(16));
            Assert.That(sizeof(FuseCtx), Is.EqualTo(16));
            Assert.That(sizeof(FuseArgs), Is.EqualTo(24));
            Assert.That(sizeof(FuseBuf), Is.EqualTo(40));
            Assert.That(sizeof(FuseBufVec), Is.EqualTo(64));
            Assert.That(sizeof(FuseForgetData), Is.EqualTo(16));
            Assert.That(sizeof(FuseCustomIo), Is.EqualTo(FuseCustomIo.Size));
            Assert.That(sizeof(IoVec), Is.EqualTo(IoVec.Size));
        });
    }

    /// <summary>aarch64 cannot be compiled here; check the layout the reference documents (glibc generic stat).</summary>
    [Test]
    public unsafe void The_arm64_stat_has_the_documented_layout()
    {
        Assert.Multiple(() =>
        {
            Assert.That(sizeof(StatArm64), Is.EqualTo(StatArm64.Size).And.EqualTo(128));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StIno)).ToInt32(), Is.EqualTo(8));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StMode)).ToInt32(), Is.EqualTo(16));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StNlink)).ToInt32(), Is.EqualTo(20));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StUid)).ToInt32(), Is.EqualTo(24));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StGid)).ToInt32(), Is.EqualTo(28));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StRdev)).ToInt32(), Is.EqualTo(32));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StSize)).ToInt32(), Is.EqualTo(48));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StBlksize)).ToInt32(), Is.EqualTo(56));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StBlocks)).ToInt32(), Is.EqualTo(64));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StAtim)).ToInt32(), Is.EqualTo(72));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StMtim)).ToInt32(), Is.EqualTo(88));
            Assert.That(Marshal.OffsetOf<StatArm64>(nameof(StatArm64.StCtim)).ToInt32(), Is.EqualTo(104));
            Assert.That(sizeof(FuseEntryParamArm64), Is.EqualTo(FuseEntryParamArm64.Size).And.EqualTo(160));
            Assert.That(Marshal.OffsetOf<FuseEntryParamArm64>(nameof(FuseEntryParamArm64.AttrTimeout)).ToInt32(), Is.EqualTo(144));
        });
    }
}
