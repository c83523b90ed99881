using Indra.Engine.Domain;
using Indra.Sharing.State;

namespace Indra.Sharing.Tests;

/// <summary>Machine policy's per-peer quota (quota.peerBytes, quota.peerFiles) lowers a peer's own quota, never raises it.</summary>
[TestFixture]
public sealed class PeerQuotaCapTests
{
    private static readonly PlayerId Peer = PlayerId.Parse(new string('1', 64));

    [Test]
    public void A_smaller_cap_lowers_the_quota_and_a_larger_or_zero_one_leaves_it()
    {
        var own = new PeerPolicy(Peer, AutoAccept: true, QuotaBytes: 1000, QuotaEntries: 50);
        Assert.That(own.LoweredTo(400, 0), Is.EqualTo(own with { QuotaBytes = 400 }));
        Assert.That(own.LoweredTo(0, 10), Is.EqualTo(own with { QuotaEntries = 10 }));
        Assert.That(own.LoweredTo(5000, 500), Is.EqualTo(own));
        Assert.That(own.LoweredTo(0, 0), Is.EqualTo(own));
    }
}
