using Indra.Control.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Transport;

internal sealed partial class ControlEndpoints
{
    /// <summary>The routes of offers, consent and peer limits; false for a route that is not one of them. Each change is
    /// logged by the daemon (so its log says who acted on an offer: the daemon, at once).</summary>
    private async Task<bool> DispatchConsentAsync(HttpContext context, string route, CancellationToken cancellation)
    {
        var request = context.Request;
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        switch (route)
        {
            case ControlWire.PeerStates when get:
                await AnswerAsync(context, await control.ListPeersAsync(Text(request, "removed") is "true" or "1", cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return true;
            case ControlWire.Offers when get:
                await AnswerAsync(context, await control.GetOffersAsync(cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return true;
            case ControlWire.AcceptOffer when post:
                var accept = await control.AcceptOfferAsync((await BodyAsync<OfferRequest>(request, cancellation).ConfigureAwait(false)).Id, cancellation).ConfigureAwait(false);
                log.LogInformation("control: accepted offer {Id} of {Peer} ({Name}), now {State}", accept.Id, accept.Peer, accept.Name, accept.State);
                await AnswerAsync(context, accept).ConfigureAwait(false);
                return true;
            case ControlWire.DeclineOffer when post:
                var decline = await control.DeclineOfferAsync((await BodyAsync<OfferRequest>(request, cancellation).ConfigureAwait(false)).Id, cancellation).ConfigureAwait(false);
                log.LogInformation("control: declined offer {Id} of {Peer} ({Name})", decline.Id, decline.Peer, decline.Name);
                await AnswerAsync(context, decline).ConfigureAwait(false);
                return true;
            case ControlWire.PeerQuota when post:
                var quota = await BodyAsync<PeerQuotaRequest>(request, cancellation).ConfigureAwait(false);
                var limited = await control.SetPeerQuotaAsync(quota.Name, quota.Bytes, quota.Entries, cancellation).ConfigureAwait(false);
                if (quota.Bytes is not null || quota.Entries is not null)
                {
                    log.LogInformation("control: quota of {Peer} set to {Bytes} bytes, {Entries} entries", limited.Name, limited.QuotaBytes, limited.QuotaEntries);
                }
                await AnswerAsync(context, limited).ConfigureAwait(false);
                return true;
            case ControlWire.PeerAutoAccept when post:
                var setting = await BodyAsync<AutoAcceptRequest>(request, cancellation).ConfigureAwait(false);
                var peer = await control.SetAutoAcceptAsync(setting.Name, setting.On, cancellation).ConfigureAwait(false);
                log.LogInformation("control: auto-accept of {Peer} turned {Setting}", peer.Name, peer.AutoAccept ? "on" : "off");
                await AnswerAsync(context, peer).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }
}
