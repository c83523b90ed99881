using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Indra.Sharing.Server;

namespace Indra.Sharing.Tests;

/// <summary>
/// A peer that goes away in the middle of a request (here: it gives up a held manifest request, as a peer does when it
/// goes offline or shuts down) is part of serving: the request's end is logged at information level, not as a warning.
/// </summary>
[TestFixture]
public sealed class PeerGoneLoggingTests
{
    [Test]
    public async Task AHeldManifestRequestThePeerGivesUpIsNotAWarning()
    {
        using var vaults = new PairedVaults();
        vaults.Bob.Stop(); // only the requests below reach alice
        var handler = new PeerRequestHandler(vaults.Alice.Sharing);
        var bob = PeerCertificates.CreateFor(vaults.Bob.Vault);
        var first = HandlerRequests.Get(bob, "/v1/manifest", new MemoryStream());
        await handler.HandleAsync(first);
        var tag = first.Response.Headers.ETag.ToString();
        Assert.That(tag, Is.Not.Empty);

        using var gone = new CancellationTokenSource();
        var held = HandlerRequests.Get(bob, "/v1/manifest", new MemoryStream());
        held.Request.Headers.IfNoneMatch = tag;
        held.Request.Headers[Wire.WaitHeader] = "30000";
        held.RequestAborted = gone.Token;
        var serving = handler.HandleAsync(held);
        gone.Cancel();
        await serving;

        var ended = vaults.Alice.LogText().Split('\n').Where(l => l.Contains("peer request /v1/manifest ended", StringComparison.Ordinal)).ToList();
        Assert.That(ended, Has.Count.EqualTo(1), vaults.Alice.LogText());
        Assert.That(ended[0], Does.StartWith("Information "), "the peer went away: nothing for the owner to look into");
    }
}
