using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Changes;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Changes;

/// <summary>The placeholder index: base versions and full-file records persisted across reopening.</summary>
[TestFixture]
public sealed class PlaceholderIndexTests
{
    private TempDirectory _dir = null!;

    private string IndexPath => Path.Combine(_dir.Path, "placeholders.txt");

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void RecordsSurviveReopeningAndRenamesMoveThem()
    {
        var written = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);
        using (var index = PlaceholderIndex.Open(IndexPath, ProjFsLog.Null))
        {
            index.SetPlaceholder("vault\\a.txt", "aa");
            index.SetFull("vault\\dir\\b.txt", "bb", new LocalFileStatus(false, 12, written));
            index.AddDirectory("vault\\dir", marked: false);
            index.Move("vault\\dir", "vault\\moved");
            index.Remove("vault\\a.txt");
        }

        using var reopened = PlaceholderIndex.Open(IndexPath, ProjFsLog.Null);
        Assert.That(reopened.TryGet("vault\\a.txt", out _), Is.False);
        Assert.That(reopened.TryGet("VAULT\\MOVED\\B.TXT", out var full), Is.True);
        Assert.That(full, Is.EqualTo(LocalRecord.Full("bb", 12, written)));
        Assert.That(full.Unchanged(new LocalFileStatus(false, 12, written)), Is.True);
        Assert.That(full.Unchanged(new LocalFileStatus(false, 13, written)), Is.False, "a size change is an edit");
        Assert.That(reopened.TryGet("vault\\moved", out var folder) && folder == LocalRecord.LocalFolder, Is.True);
        Assert.That(reopened.HoldsOrIsAbove("vault"), Is.True);
        Assert.That(reopened.HoldsOrIsAbove("vault\\dir"), Is.False);
    }

    [Test]
    public void AnIndexFromBeforeBaseVersionsLoadsWithUnknownBases()
    {
        File.WriteAllLines(IndexPath, ["vault\\old.txt", "vault\\docs\\older.txt"]);
        using var index = PlaceholderIndex.Open(IndexPath, ProjFsLog.Null);
        Assert.That(index.Paths, Is.EquivalentTo(new[] { "vault\\old.txt", "vault\\docs\\older.txt" }));
        Assert.That(index.TryGet("vault\\old.txt", out var record) && record.BaseId is null && !record.IsFull, Is.True);
    }

    [Test]
    public void ARewriteThatCannotReplaceTheFileKeepsAppendingToTheOldOne()
    {
        var files = new FaultyLocalFiles();
        files.FailMove(path => path == IndexPath, () => new UnauthorizedAccessException("held by a backup tool"));
        using (var index = PlaceholderIndex.Open(IndexPath, ProjFsLog.Null, files))
        {
            index.SetPlaceholder("vault\\a.txt", "aa");
        }

        using var reopened = PlaceholderIndex.Open(IndexPath, ProjFsLog.Null);
        Assert.That(reopened.TryGet("vault\\a.txt", out var record) && record.BaseId == "aa", Is.True);
    }
}
