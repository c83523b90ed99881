using System.Text.Json;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.Tests.Concurrency;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>Opens by system scanners are not attention, and attention is recorded off the callback thread.</summary>
[TestFixture]
public sealed class AttentionFilterTests
{
    private const string Defender = @"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24090.11-0\MsMpEng.exe";
    private const string Indexer = @"\Device\HarddiskVolume3\Windows\System32\SearchProtocolHost.exe";

    [TestCase("MsMpEng.exe", true)]
    [TestCase(Defender, true)]
    [TestCase(Indexer, true)]
    [TestCase(@"C:\Windows\System32\SEARCHINDEXER.EXE", true)]
    [TestCase(@"C:\Windows\System32\SearchFilterHost.exe", true)]
    [TestCase(@"C:\Windows\explorer.exe", false)]
    [TestCase(@"C:\Program Files\Notepad++\notepad++.exe", false)]
    [TestCase(@"C:\tools\MsMpEng.exe.bak", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void ScannersAreKnownByTheirImageName(string? image, bool scanner) => Assert.That(SystemScanners.IsScanner(image), Is.EqualTo(scanner));

    [Test]
    public void AScannersOpensRecordNoAttention()
    {
        using var mount = new MountedVault();
        mount.Vault.WriteFile("vault/scanned.txt", "scan me");
        mount.Mount();
        var since = DateTime.UtcNow;
        mount.Emulator.ReadAll("vault\\scanned.txt");
        Wait.Until(() => Events(mount, since).Count(e => e == "navigate_back") == 1, "the user's first read to be recorded");

        foreach (var scanner in new[] { Defender, Indexer })
        {
            mount.Emulator.ApplicationImageFileName = scanner;
            mount.Emulator.ReadAll("vault\\scanned.txt");
        }

        mount.Emulator.ApplicationImageFileName = @"C:\Windows\notepad.exe";
        mount.Emulator.ReadAll("vault\\scanned.txt");
        Wait.Until(() => Events(mount, since).Count(e => e == "navigate_back") >= 2, "the user's second read to be recorded");
        Assert.That(Events(mount, since), Is.EqualTo(new[] { "navigate_to", "navigate_back", "navigate_to", "navigate_back" }),
            "two reads by the user, none by Defender or the indexer (their opens and closes were queued in between, in order)");
    }

    private static List<string> Events(MountedVault mount, DateTime since)
    {
        var events = new List<string>();
        foreach (var line in mount.Vault.ReadText(".indra/attention.log").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.GetProperty("at").GetDateTime().ToUniversalTime() >= since
                && json.RootElement.GetProperty("path").GetString()!.EndsWith("scanned.txt", StringComparison.Ordinal))
            {
                events.Add(json.RootElement.GetProperty("kind").GetString()!);
            }
        }

        return events;
    }
}
