using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>The background daemon's log, VAULT/indra.log: its entries, and the request trace of <c>--debug</c>.</summary>
[TestFixture]
public sealed class DaemonLogTests
{
    [Test]
    public void WithDebug_TheDaemonLogTracesEachRequest_WithItsOpcodeInodeAndResult()
    {
        string log;
        using (var mounted = new MountedVault(debug: true))
        {
            File.WriteAllText(Path.Combine(mounted.Vault, "traced.txt"), "hello");
            Assert.That(File.ReadAllText(Path.Combine(mounted.Vault, "traced.txt")), Is.EqualTo("hello"));
            mounted.Unmount();
            log = File.ReadAllText(mounted.LogFile);
        }
        var trace = log.Split('\n').Where(l => l.Contains(" dbug Indra.Platform.Fuse.Requests: fuse ", StringComparison.Ordinal)).ToList();
        Assert.That(trace, Has.Some.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z dbug Indra\.Platform\.Fuse\.Requests: fuse lookup\(1, ""vault""\) -> None 2$"), log);
        Assert.That(trace, Has.Some.Match(@"fuse create\(2, ""traced\.txt"", flags 0x[0-9a-f]+\) -> None \d+ handle \d+$"), log);
        Assert.That(trace, Has.Some.Match(@"fuse write\(\d+, handle \d+, 5 @ 0\) -> None 5$"), log);
    }

    [Test]
    public void WithoutDebug_TheDaemonLogHasNoRequestTrace_ButKeepsItsOtherEntries()
    {
        string log;
        using (var mounted = new MountedVault())
        {
            File.WriteAllText(Path.Combine(mounted.Vault, "quiet.txt"), "hello");
            Assert.That(File.ReadAllText(Path.Combine(mounted.Vault, "quiet.txt")), Is.EqualTo("hello"));
            mounted.Unmount();
            log = File.ReadAllText(mounted.LogFile);
        }
        Assert.That(log, Does.Not.Contain("Indra.Platform.Fuse.Requests").And.Not.Contain(" dbug "));
        Assert.That(log, Does.Not.Contain("quiet.txt"), "no line names a file the requests touched");
        Assert.That(log, Does.Contain(" info Indra.Sharing.SharingService: player ").Or.Contain(" warn Indra.Cli.Commands.MountCommand: sharing is off"),
            "the daemon's own entries still reach the file");
        Assert.That(log, Does.Contain("indra: mounted vault "), "the daemon's standard output lands in the same file");
    }
}
