using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Security;

namespace Indra.Sharing.Tests;

/// <summary>A hand-driven HTTP/2 (or HTTP/1.1) + TLS 1.3 client presenting any certificate and trusting any server (to probe the server's refusals).</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly HttpClient _http;
    private readonly Version _version;

    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="certificate">The client certificate to present, or none.</param>
    /// <param name="http11">Speak HTTP/1.1 (ALPN http/1.1) instead of HTTP/2.</param>
    internal RawPeer(int port, X509Certificate2? certificate, bool http11 = false)
    {
        _version = http11 ? HttpVersion.Version11 : HttpVersion.Version20;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [http11 ? SslApplicationProtocol.Http11 : SslApplicationProtocol.Http2],
                ClientCertificateContext = certificate is null ? null : SslStreamCertificateContext.Create(certificate, null, offline: true),
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A certificate over a fresh key nobody paired with.</summary>
    internal static X509Certificate2 Stranger()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return PeerCertificates.CreateSelfSigned(key, new PlayerId(Blake3.Hash(key.ExportSubjectPublicKeyInfo())));
    }

    /// <summary>Sends a request; returns the status code, or null when the connection or handshake was refused.</summary>
    internal HttpStatusCode? Send(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? tweak = null)
    {
        using var request = new HttpRequestMessage(method, path) { Version = _version, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = content };
        tweak?.Invoke(request);
        try
        {
            using var response = _http.SendAsync(request).GetAwaiter().GetResult();
            LastBody = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            return response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            LastError = e.InnerException?.Message ?? e.Message;
            return null;
        }
    }

    internal byte[] LastBody { get; private set; } = [];
    internal string LastError { get; private set; } = "";

    public void Dispose() => _http.Dispose();
}
