using Indra.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace Indra.Cli.Tests.Hosting;

/// <summary>The daemon's log file sink: one line per entry with time, level and category, appended.</summary>
[TestFixture]
public sealed class FileLoggerProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 4, 50, 1, 234, TimeSpan.Zero);
    private string _directory = null!;
    private string _path = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "indra-filelog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "indra.log");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void EachEntryIsOneLine_WithTheUtcTime_TheLevel_AndTheCategory()
    {
        using (var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FileLoggerProvider(_path, new FixedClock(Now)))))
        {
            loggers.CreateLogger("Indra.Engine.Content.LeafIdResolver").LogInformation("leaf {Leaf} resolved", "ab12");
            loggers.CreateLogger("Indra.Platform.Fuse.Requests").LogDebug("fuse {Request}", "getattr(1) -> None");
            loggers.CreateLogger("Indra.Sharing.SharingService").LogWarning("peer {Peer} is {State}", "bob", "offline");
            loggers.CreateLogger("Indra.Storage").LogCritical("store closed");
            loggers.CreateLogger("Indra.Cli").LogTrace("finest");
        }
        Assert.That(File.ReadAllLines(_path), Is.EqualTo(new[]
        {
            "2026-12-06T04:50:01.234Z info Indra.Engine.Content.LeafIdResolver: leaf ab12 resolved",
            "2026-12-06T04:50:01.234Z dbug Indra.Platform.Fuse.Requests: fuse getattr(1) -> None",
            "2026-12-06T04:50:01.234Z warn Indra.Sharing.SharingService: peer bob is offline",
            "2026-12-06T04:50:01.234Z crit Indra.Storage: store closed",
            "2026-12-06T04:50:01.234Z trce Indra.Cli: finest",
        }));
    }

    [Test]
    public void AnExceptionFollowsItsEntry_AndEntriesBelowTheMinimumLevelAreLeftOut()
    {
        using (var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new FileLoggerProvider(_path, new FixedClock(Now)))))
        {
            var log = loggers.CreateLogger("Indra.Platform.Fuse");
            log.LogDebug("fuse {Request}", "lookup(1, \"a\") -> None 7");
            log.LogError(new InvalidOperationException("a bug"), "fuse {Operation}: unexpected exception, {Consequence}", "lookup", "replying EIO");
        }
        var lines = File.ReadAllLines(_path);
        Assert.That(lines[0], Is.EqualTo("2026-12-06T04:50:01.234Z fail Indra.Platform.Fuse: fuse lookup: unexpected exception, replying EIO"));
        Assert.That(lines[1], Is.EqualTo("System.InvalidOperationException: a bug"));
        Assert.That(lines, Has.None.Contains("dbug"));
    }

    [Test]
    public void EntriesAreAppendedAfterWhatTheFileHeld()
    {
        File.WriteAllText(_path, "indra: an earlier daemon's line\n");
        using (var loggers = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(_path, new FixedClock(Now)))))
        {
            loggers.CreateLogger("Indra.Cli").LogInformation("first");
            File.AppendAllText(_path, "indra: standard output between entries\n");
            loggers.CreateLogger("Indra.Cli").LogInformation("second");
        }
        Assert.That(File.ReadAllLines(_path), Is.EqualTo(new[]
        {
            "indra: an earlier daemon's line",
            "2026-12-06T04:50:01.234Z info Indra.Cli: first",
            "indra: standard output between entries",
            "2026-12-06T04:50:01.234Z info Indra.Cli: second",
        }));
    }

    /// <summary>
    /// The daemon's standard output reaches the same file through the launching shell's <c>&gt;&gt;</c> while entries are
    /// logged: both append (O_APPEND), so neither overwrites the other (a write at a length read just before would).
    /// </summary>
    [Test]
    public void EntriesAndAShellAppendingAtTheSameTimeBothSurviveWhole()
    {
        const int count = 3000;
        File.WriteAllText(_path, "");
        using (var loggers = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(_path, new FixedClock(Now)))))
        {
            var logger = loggers.CreateLogger("Indra.Cli");
            var shell = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            shell.ArgumentList.Add("-c");
            shell.ArgumentList.Add($"i=0; while [ $i -lt {count} ]; do echo \"shell line $i\" >>\"$1\"; i=$((i+1)); done");
            shell.ArgumentList.Add("appender");
            shell.ArgumentList.Add(_path);
            using var appender = System.Diagnostics.Process.Start(shell)!;
            var logged = 0;
            while (!appender.HasExited || logged < count) logger.LogInformation("entry {Number}", logged++);
            appender.WaitForExit();
        }
        var lines = File.ReadAllLines(_path);
        var shellLines = lines.Where(l => l.StartsWith("shell line ", StringComparison.Ordinal)).ToList();
        var entries = lines.Where(l => l.Contains(" info Indra.Cli: entry ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(shellLines, Is.EqualTo(Enumerable.Range(0, count).Select(i => $"shell line {i}")), "every line the shell appended, whole and in order");
            Assert.That(entries.Select(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(Enumerable.Range(0, entries.Count)), "every entry, whole and in order");
            Assert.That(lines, Has.Length.EqualTo(shellLines.Count + entries.Count), "no line is a mix of the two");
        });
    }

    /// <summary>A clock that always reads <paramref name="now"/>.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
