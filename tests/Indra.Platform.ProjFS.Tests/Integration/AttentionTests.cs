using System.Text.Json;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Integration;

/// <summary>Opens and closes fire attention through the vault filesystem.</summary>
[TestFixture]
public sealed class AttentionTests
{
    private MountedVault _mount = null!;
    private DateTime _mountedAt;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        _mount.Vault.WriteFile("vault/docs/read-me.txt", "attention please");
        _mount.Mount();
        _mountedAt = DateTime.UtcNow; // seeding the vault made events of its own
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void OpeningFiresNavigateToAndClosingNavigateBack()
    {
        using (var handle = _mount.Emulator.OpenRead("vault\\docs\\read-me.txt"))
        {
            handle.ReadToEnd();
            Assert.That(Events().Where(e => e.Path.EndsWith("read-me.txt", StringComparison.Ordinal)).Select(e => e.Kind),
                Is.EqualTo(new[] { "navigate_to" }), "open → navigate_to, and hydrating on that handle adds nothing");
        }

        Wait.Until(() => Events().Any(e => e.Kind == "navigate_back" && e.Path.EndsWith("read-me.txt", StringComparison.Ordinal)),
            "the close to reach the vault (attention is recorded on a worker; the host's own listings record theirs too)");
        Assert.That(Events().Where(e => e.Path.EndsWith("read-me.txt", StringComparison.Ordinal)).Select(e => e.Kind),
            Is.EqualTo(new[] { "navigate_to", "navigate_back" }));
        Assert.That(_mount.Session.PendingWriteBacks, Is.Zero, "a read changes nothing");
    }

    [Test]
    public void EveryOpenIsAttention()
    {
        for (var i = 0; i < 3; i++)
        {
            _mount.Emulator.ReadAll("vault\\docs\\read-me.txt");
        }

        Wait.Until(() => Events().Count(e => e.Kind == "navigate_back") >= 3, "the opens and closes to reach the vault (recorded on a worker)");
        Assert.That(Events().Count(e => e.Kind == "navigate_to" && e.Path.EndsWith("read-me.txt", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    private List<(string Kind, string Path)> Events()
    {
        var events = new List<(string Kind, string Path)>();
        foreach (var line in _mount.Vault.ReadText(".indra/attention.log").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.GetProperty("at").GetDateTime().ToUniversalTime() >= _mountedAt)
            {
                events.Add((json.RootElement.GetProperty("kind").GetString()!, json.RootElement.GetProperty("path").GetString()!));
            }
        }

        return events;
    }
}
