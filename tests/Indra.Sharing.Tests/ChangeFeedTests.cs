using System.Text;
using System.Text.Json;
using Indra.FileSystem;
using Indra.Sharing.Views;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Indra.Sharing.Tests;

/// <summary>
/// The change feed file on real files: bounded by its cap with one older generation, whole lines on both sides of a
/// rotation (also for a reader that held the file open), owner-only permissions, and the in-memory text unchanged.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChangeFeedTests
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private string _root = "";
    private string _path = "";

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-changefeed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _path = Path.Combine(_root, "changes.jsonl");
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void PastTheCap_TheFileRotatesToOneOlderGeneration_WithEveryLineWholeAndInOrder()
    {
        const long cap = 4096;
        var feed = NewFeed(cap);
        const int appended = 200; // about 25 KB of lines: several rotations
        for (var i = 0; i < appended; i++) feed.Append(ShareScope.Peer, "bob", $"docs/file-{i}.txt", "added", $"id-{i}");

        var previous = ChangeFeed.PreviousGeneration(_path);
        Assert.That(File.Exists(previous), Is.True, "changes.jsonl.1 after passing the cap");
        Assert.That(new FileInfo(_path).Length, Is.LessThanOrEqualTo(cap));
        Assert.That(new FileInfo(previous).Length, Is.LessThanOrEqualTo(cap));
        Assert.That(Directory.GetFiles(_root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "changes.jsonl", "changes.jsonl.1" }), "one older generation only");

        var lines = WholeLines(File.ReadAllBytes(previous)).Concat(WholeLines(File.ReadAllBytes(_path))).ToList();
        var numbers = lines.Select(l => int.Parse(JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!["id-".Length..])).ToList();
        Assert.That(numbers[^1], Is.EqualTo(appended - 1), "the newest line is in the current file");
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(numbers[0], numbers.Count)), "the two generations hold consecutive lines, none lost between them");
        var firstOfCurrent = Encoding.UTF8.GetByteCount(WholeLines(File.ReadAllBytes(_path))[0]) + 1;
        Assert.That(new FileInfo(previous).Length + firstOfCurrent, Is.GreaterThan(cap), "a generation is rotated only when the next line would not fit");
    }

    [Test]
    public void AReaderHoldingTheFileAcrossARotation_ReadsWholeLinesToItsEnd()
    {
        var feed = NewFeed(2048);
        feed.Append(ShareScope.Realm, "aurora", "spec.md", "added", "first");
        using var reader = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        for (var i = 0; i < 60; i++) feed.Append(ShareScope.Realm, "aurora", $"spec-{i}.md", "updated", $"id-{i}");
        Assert.That(File.Exists(ChangeFeed.PreviousGeneration(_path)), Is.True, "rotated while the reader held the file");

        using var copy = new MemoryStream();
        reader.CopyTo(copy);
        var bytes = copy.ToArray();
        Assert.That(bytes[^1], Is.EqualTo((byte)'\n'), "the old generation ends with a whole line");
        var held = WholeLines(bytes);
        Assert.That(JsonDocument.Parse(held[0]).RootElement.GetProperty("id").GetString(), Is.EqualTo("first"));
        Assert.That(held, Has.All.Matches<string>(l => JsonDocument.Parse(l).RootElement.GetProperty("scope").GetString() == "realm"));
    }

    [Test]
    public void FeedFiles_AreOwnerOnly_AndALooseFileIsNarrowed()
    {
        File.WriteAllText(_path, "");
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var feed = NewFeed(1024);
        feed.Append(ShareScope.Peer, "bob", "a.txt", "added", "x");
        Assert.That(File.GetUnixFileMode(_path) & GroupOrOther, Is.EqualTo((UnixFileMode)0), "an existing 0644 feed is narrowed");

        for (var i = 0; i < 30; i++) feed.Append(ShareScope.Peer, "bob", $"b-{i}.txt", "added", "x");
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(_path) & GroupOrOther, Is.EqualTo((UnixFileMode)0), "a new generation is created 0600");
            Assert.That(File.GetUnixFileMode(ChangeFeed.PreviousGeneration(_path)) & GroupOrOther, Is.EqualTo((UnixFileMode)0));
        });
    }

    [Test]
    public void TheInMemoryText_HoldsTheSameLinesAsTheFile()
    {
        var feed = NewFeed(ChangeFeed.DefaultMaxBytes);
        feed.Append(ShareScope.Peer, "bob", "docs/a.txt", "added", "one");
        feed.Append(ShareScope.Realm, "aurora", "b.md", "removed", "two");
        Assert.That(feed.Text(), Is.EqualTo(File.ReadAllText(_path)));
        var first = JsonDocument.Parse(WholeLines(Encoding.UTF8.GetBytes(feed.Text()))[0]).RootElement;
        Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "time", "scope", "name", "path", "change", "id" }));
        Assert.That(first.GetProperty("time").GetString(), Is.EqualTo("2026-01-02T03:04:05.000Z"));
        Assert.That(first.GetProperty("path").GetString(), Is.EqualTo("docs/a.txt"));
    }

    private ChangeFeed NewFeed(long cap) =>
        new(_path, new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), NullLogger.Instance, cap);

    /// <summary>The lines of <paramref name="bytes"/>, failing when the last one is cut.</summary>
    private static List<string> WholeLines(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.That(text.Length == 0 || text.EndsWith('\n'), Is.True, "the file ends with a whole line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
