using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Indra.Sharing.Tests;

/// <summary>Requests handed straight to a <c>PeerRequestHandler</c>, without a socket or TLS: the context Kestrel would
/// build for a peer that presented <c>certificate</c> in its handshake.</summary>
internal static class HandlerRequests
{
    /// <summary>A GET of <paramref name="path"/> whose answer's body is written to <paramref name="body"/>.</summary>
    internal static DefaultHttpContext Get(X509Certificate2 certificate, string path, Stream body)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = certificate;
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Response.Body = body;
        return context;
    }
}
