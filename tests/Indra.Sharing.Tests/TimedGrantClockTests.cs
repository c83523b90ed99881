using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;
using Microsoft.Extensions.Time.Testing;

namespace Indra.Sharing.Tests;

/// <summary>
/// Timed grants expire by the vault's <see cref="Vault.Clock"/>: with fake clocks the expiry is tested
/// without waiting for it (two vaults, real TLS and SQLite; only time is fake).
/// </summary>
[TestFixture]
public sealed class TimedGrantClockTests
{
    private PairedVaults _vaults = null!;
    private FakeTimeProvider _aliceClock = null!;
    private FakeTimeProvider _bobClock = null!;
    private SharingNode _alice = null!;
    private SharingNode _bob = null!;

    [SetUp]
    public void SetUp()
    {
        _aliceClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _bobClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _vaults = new PairedVaults(_aliceClock, _bobClock);
        (_alice, _bob) = (_vaults.Alice, _vaults.Bob);
    }

    [TearDown]
    public void TearDown() => _vaults.Dispose();

    [Test]
    public void ATimedGrantExpiresWhenTheClockPassesItsExpiry_OnBothSides()
    {
        var data = Encoding.UTF8.GetBytes("for one hour");
        _alice.Write("t.txt", data);
        var until = _aliceClock.GetUtcNow().AddHours(1);
        _alice.Sharing.Share("t.txt", "bob", AccessMode.Timed, until);
        Wait.Until(() => _bob.Sharing.Get(ShareScope.Peer, "alice", "t.txt") is not null, "the file to sync");
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "t.txt")!.ExpiresNs, Is.EqualTo((until.UtcTicks - DateTime.UnixEpoch.Ticks) * 100));
        Assert.That(_alice.Sharing.PeersJson(), Does.Contain("\"grants_given\": 1"));

        _bobClock.Advance(TimeSpan.FromMinutes(59));
        Assert.That(SharedFileReads.ReadAll(_bob.Sharing, ShareScope.Peer, "alice", "t.txt"), Is.EqualTo(data), "a minute before expiry it is readable");

        _bobClock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(_bob.Sharing.Get(ShareScope.Peer, "alice", "t.txt"), Is.Null, "at expiry it is gone from the view");
        Assert.That(_bob.Sharing.Read(ShareScope.Peer, "alice", "t.txt", 0, new byte[4]), Is.EqualTo(-1));
        Assert.That(_bob.Sharing.List(ShareScope.Peer, "alice", ""), Is.Empty);

        Assert.That(_alice.Sharing.PeersJson(), Does.Contain("\"grants_given\": 1"), "alice's clock has not reached it");
        _aliceClock.Advance(TimeSpan.FromHours(1));
        Assert.That(_alice.Sharing.PeersJson(), Does.Contain("\"grants_given\": 0"), "past expiry the grant is no longer active");
    }
}
