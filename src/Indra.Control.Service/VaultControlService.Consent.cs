using Indra.Control.Model;
using Indra.Sharing.State;

namespace Indra.Control.Service;

/// <summary>Offers, consent and peer limits (<see cref="SharingOperations"/>): through the daemon's sharing service
/// when it runs (its sync loops look at their peers' grants again in their next round), else on the sharing database.</summary>
public sealed partial class VaultControlService
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<PeerItem>> ListPeersAsync(bool includeRemoved, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.Peers(db, includeRemoved, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OfferItem>> GetOffersAsync(CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.Offers(db, Service));
    }

    /// <inheritdoc/>
    public Task<OfferItem> AcceptOfferAsync(string id, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.Accept(db, Service, id, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task<OfferItem> DeclineOfferAsync(string id, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.Decline(db, Service, id, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task<PeerItem> SetPeerQuotaAsync(string name, long? bytes, long? entries, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.SetQuota(db, Service, name, bytes, entries, _vault.ClockNs()));
    }

    /// <inheritdoc/>
    public Task<PeerItem> SetAutoAcceptAsync(string name, bool on, CancellationToken cancellation = default)
    {
        using var db = SharingDatabase.Open(_directory);
        return Task.FromResult(SharingOperations.SetAutoAccept(db, Service, name, on, _vault.ClockNs()));
    }
}
