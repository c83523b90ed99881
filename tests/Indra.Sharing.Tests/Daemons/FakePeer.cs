using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// A peer that is not an indra daemon: Kestrel on 127.0.0.1 (HTTP/2 over TLS 1.3) with its own player key, accepting
/// only the one client it was made for, serving whatever manifest and blocks the test hands it (<see cref="Serve"/>),
/// and recording every block it is asked for. A daemon pins it like any peer (<see cref="Invite"/>).
/// </summary>
internal sealed class FakePeer : IDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<string> _blockRequests = new();
    private volatile Served _served = new([], "\"empty\"", new Dictionary<string, byte[]>());

    /// <param name="client">The player id (hex) of the only client let in.</param>
    internal FakePeer(string client)
    {
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            PlayerId = new PlayerId(Blake3.Hash(key.ExportSubjectPublicKeyInfo()));
            _certificate = PeerCertificates.CreateSelfSigned(key, PlayerId);
        }
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = _certificate,
                SslProtocols = SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                CheckCertificateRevocation = false,
                ClientCertificateValidation = (certificate, _, _) => PeerCertificates.PlayerIdOf(certificate).ToString() == client,
            });
        }));
        _app = builder.Build();
        _app.Run(HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    /// <summary>Its player id (BLAKE3 of its key).</summary>
    internal PlayerId PlayerId { get; }

    /// <summary>Its TCP port on 127.0.0.1.</summary>
    internal int Port { get; }

    /// <summary>What <c>indra peer add NAME INVITE</c> takes.</summary>
    internal string Invite => $"indra:{PlayerId}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The hex hashes of the blocks asked for so far, in order.</summary>
    internal IReadOnlyCollection<string> BlockRequests => _blockRequests.ToArray();

    /// <summary>Serves <paramref name="grants"/> as its manifest and <paramref name="blocks"/> (hex hash → bytes) from now on.</summary>
    internal void Serve(IReadOnlyList<GrantDto> grants, IReadOnlyDictionary<string, byte[]> blocks)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new ManifestDto(PlayerId.ToString(), grants), Wire.Json);
        _served = new Served(json, "\"" + Blake3.Hash(json) + "\"", blocks);
    }

    /// <summary>A grant of files (path, id, blocks as (hex hash, bytes)) to <paramref name="audience"/>, under a fresh grant id.</summary>
    internal static GrantDto Grant(string path, string id, IReadOnlyList<(string Hash, int Size)> blocks, string audience) =>
        new(Guid.NewGuid().ToString("N"), "Revocable", 0, [audience],
            [new EntryDto(path, false, blocks.Sum(b => (long)b.Size), id, 1_700_000_000_000_000_000, blocks.Select(b => new BlockDto(b.Hash, b.Size)).ToList())]);

    private async Task HandleAsync(HttpContext context)
    {
        var served = _served;
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method == "GET" && path == "/v1/manifest")
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == served.ETag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.Headers.ETag = served.ETag;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(served.Manifest);
            return;
        }
        if (context.Request.Method == "GET" && path.StartsWith("/v1/blocks/", StringComparison.Ordinal))
        {
            var hash = path["/v1/blocks/".Length..];
            _blockRequests.Enqueue(hash);
            if (!served.Blocks.TryGetValue(hash, out var data))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = data.Length;
            await context.Response.Body.WriteAsync(data);
            return;
        }
        if (context.Request.Method == "POST" && path == "/v1/attention")
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    public void Dispose()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            _app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        }
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _certificate.Dispose();
    }

    private sealed record Served(byte[] Manifest, string ETag, IReadOnlyDictionary<string, byte[]> Blocks);
}
