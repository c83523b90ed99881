using Indra.Engine.Domain;

namespace Indra.Sharing.State;

/// <summary>
/// What we take from one peer without asking: whether its grants and transfers are accepted as they come
/// (<see cref="AutoAccept"/>), and how much of it we hold at most (<see cref="QuotaBytes"/>, <see cref="QuotaEntries"/>).
/// A peer with no stored policy has <see cref="Default"/>: nothing accepted without the user, 10 GiB and 100,000
/// entries.
/// </summary>
/// <param name="Peer">The peer's player id.</param>
/// <param name="AutoAccept">True: every offer of this peer is accepted when it arrives; false: it waits for <c>indra accept</c>.</param>
/// <param name="QuotaBytes">Most bytes of files we hold from this peer at once (received grants plus the offer being fetched).</param>
/// <param name="QuotaEntries">Most files and folders we hold from this peer at once.</param>
public sealed record PeerPolicy(PlayerId Peer, bool AutoAccept, long QuotaBytes, long QuotaEntries)
{
    /// <summary>Default byte quota per peer: 10 GiB.</summary>
    public const long DefaultQuotaBytes = 10L << 30;

    /// <summary>Default entry quota per peer: 100,000 files and folders.</summary>
    public const long DefaultQuotaEntries = 100_000;

    /// <summary>The policy of a peer nobody configured: ask the user, default quotas.</summary>
    public static PeerPolicy Default(PlayerId peer) => new(peer, false, DefaultQuotaBytes, DefaultQuotaEntries);

    /// <summary>This policy with its quota lowered to <paramref name="bytes"/> and <paramref name="entries"/> where
    /// those are smaller (0: no cap), as machine policy's <c>quota.peerBytes</c> and <c>quota.peerFiles</c> do.</summary>
    public PeerPolicy LoweredTo(long bytes, long entries) => this with
    {
        QuotaBytes = bytes > 0 ? Math.Min(QuotaBytes, bytes) : QuotaBytes,
        QuotaEntries = entries > 0 ? Math.Min(QuotaEntries, entries) : QuotaEntries,
    };
}
