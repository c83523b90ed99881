using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;

namespace Indra.Sharing.Client;

/// <summary>
/// Talks to one paired peer: HTTP/2 over TLS 1.3, presenting our player certificate and accepting the server only
/// when its certificate's key hashes to the peer's player id (pinning; no CA is consulted), and block runs
/// (<see cref="Wire.RunsPath"/>) over up to <see cref="RunConnections"/> HTTP/1.1 connections of their own, where a
/// run's body is one raw stream. Every answer is bounded in size and every block is verified against its BLAKE3 id
/// before it is returned.
/// </summary>
internal sealed class PeerClient : IDisposable
{
    /// <summary>
    /// TLS connections block fetches are spread over (each its own HTTP/2 connection, taken in turn). One: two
    /// connections cost both daemons more CPU per GiB shared (sender +0.3 s, receiver +0.9 s, medians of three
    /// interleaved rounds of benchmarks/sharing/bench-share.sh on two loaded cores) and were not faster there.
    /// </summary>
    internal const int BlockConnections = 1;

    /// <summary>HTTP/1.1 connections block runs are sent over at most (one run in progress on each).</summary>
    internal const int RunConnections = 3;

    /// <summary>How long after a failed HTTP/1.1 connection (a peer from before block runs speaks HTTP/2 only) runs
    /// are not tried again, and blocks are asked for one by one.</summary>
    internal static readonly TimeSpan RunRetryAfter = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly HttpClient[] _blockHttp;
    private readonly HttpClient _runHttp;
    private int _nextBlockConnection;
    private long _runsRefusedUntilMs;

    internal PeerClient(string host, int port, PlayerId expectedPeer, X509Certificate2 ourCertificate, TimeSpan timeout)
    {
        var certificateContext = SslStreamCertificateContext.Create(ourCertificate, null, offline: true);
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host;
        var baseAddress = new Uri($"https://{hostPart}:{port}/");
        _blockHttp = new HttpClient[BlockConnections];
        for (var i = 0; i < _blockHttp.Length; i++) _blockHttp[i] = NewHttp(baseAddress, expectedPeer, certificateContext, timeout, HttpVersion.Version20);
        _http = _blockHttp[0];
        _runHttp = NewHttp(baseAddress, expectedPeer, certificateContext, timeout, HttpVersion.Version11);
    }

    private static HttpClient NewHttp(Uri baseAddress, PlayerId expectedPeer, SslStreamCertificateContext certificateContext, TimeSpan timeout, Version version)
    {
        var http2 = version == HttpVersion.Version20;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
            InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
            MaxConnectionsPerServer = http2 ? int.MaxValue : RunConnections,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [http2 ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11],
                CipherSuitesPolicy = PeerCiphers.Policy,
                ClientCertificateContext = certificateContext,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && PeerCertificates.PlayerIdOf(certificate) == expectedPeer,
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = timeout,
        };
    }

    /// <summary>Fetches the manifest unless it still has <paramref name="etag"/>, answered at once.</summary>
    /// <returns>The manifest and its tag, or (null, etag) when unchanged.</returns>
    internal Task<(ManifestDto? Manifest, string? ETag)> GetManifestAsync(string? etag, CancellationToken cancel) => GetManifestAsync(etag, TimeSpan.Zero, cancel);

    /// <summary>
    /// Fetches the manifest unless it still has <paramref name="etag"/>; while it does, the peer may hold the answer up
    /// to <paramref name="wait"/> for a change (<see cref="Wire.WaitHeader"/>; a peer without it answers at once).
    /// </summary>
    /// <returns>The manifest and its tag, or (null, etag) when unchanged.</returns>
    internal async Task<(ManifestDto? Manifest, string? ETag)> GetManifestAsync(string? etag, TimeSpan wait, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/manifest") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
            if (wait >= TimeSpan.FromMilliseconds(1)) request.Headers.Add(Wire.WaitHeader, ((long)wait.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified) return (null, etag);
        Expect(response, HttpStatusCode.OK);
        var body = await ReadBoundedAsync(response, Wire.MaxManifestBytes, cancel).ConfigureAwait(false);
        ManifestDto? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ManifestDto>(body, Wire.Json);
        }
        catch (JsonException e)
        {
            throw new PeerProtocolException($"malformed manifest: {e.Message}");
        }
        if (manifest?.Grants is null || manifest.Steward is null) throw new PeerProtocolException("malformed manifest");
        return (manifest, response.Headers.ETag?.ToString());
    }

    /// <summary>Fetches block <paramref name="hash"/> of <paramref name="size"/> bytes and checks it hashes to its id.</summary>
    /// <returns>A pooled buffer holding the block in its first <paramref name="size"/> bytes; give it back with <see cref="BlockBuffer.Return"/>.</returns>
    /// <exception cref="PeerProtocolException">Refused, wrong size, or the bytes do not hash to <paramref name="hash"/>.</exception>
    internal async Task<BlockBuffer> GetBlockAsync(BlockHash hash, int size, CancellationToken cancel) =>
        (await GetBlockAsync(hash, size, 0, size, cancel).ConfigureAwait(false)).Buffer;

    /// <summary>
    /// Fetches block <paramref name="hash"/> of <paramref name="size"/> bytes, which lies at byte
    /// <paramref name="offset"/> of a file of <paramref name="fileSize"/> bytes, and checks it against its name by
    /// either naming rule (<see cref="BlockKeys.Matches(BlockHash, ReadOnlySpan{byte}, long, long)"/>).
    /// </summary>
    /// <returns>A pooled buffer holding the block in its first <paramref name="size"/> bytes (give it back with
    /// <see cref="BlockBuffer.Return"/>), and the block's chaining value at <paramref name="offset"/> when it is a whole
    /// subtree there (from the same pass that checked it).</returns>
    /// <exception cref="PeerProtocolException">Refused, wrong size, or the bytes do not match <paramref name="hash"/>.</exception>
    internal async Task<FetchedBlock> GetBlockAsync(BlockHash hash, int size, long offset, long fileSize, CancellationToken cancel)
    {
        if (size is < 0 or > Wire.MaxBlockBytes) throw new PeerProtocolException($"block {hash} has an impossible size {size}");
        var http = _blockHttp[(int)((uint)Interlocked.Increment(ref _nextBlockConnection) % (uint)_blockHttp.Length)];
        using var response = await http.GetAsync("v1/blocks/" + hash, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        Expect(response, HttpStatusCode.OK);
        if (response.Content.Headers.ContentLength is { } length && length != size) throw new PeerProtocolException($"block {hash}: {length} bytes instead of {size}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        var fetched = await ReadBlockAsync(stream, hash, size, offset, fileSize, cancel).ConfigureAwait(false);
        try
        {
            if (await stream.ReadAsync(new byte[1], cancel).ConfigureAwait(false) != 0) throw new PeerProtocolException($"block {hash} is not {size} bytes long");
            return fetched;
        }
        catch
        {
            BlockBuffer.Return(fetched.Buffer);
            throw;
        }
    }

    /// <summary>Reads the next <paramref name="size"/> bytes of <paramref name="stream"/> into a pooled, aligned buffer
    /// (<see cref="BlockBuffer"/>: the block store writes it from there without a copy) and checks them against block
    /// <paramref name="hash"/> at <paramref name="offset"/> of a file of <paramref name="fileSize"/> bytes.</summary>
    /// <exception cref="PeerProtocolException">The stream ends first, or the bytes do not match <paramref name="hash"/>.</exception>
    private static async Task<FetchedBlock> ReadBlockAsync(Stream stream, BlockHash hash, int size, long offset, long fileSize, CancellationToken cancel)
    {
        var buffer = BlockBuffer.Rent(size);
        try
        {
            var memory = buffer.Memory[..size];
            var done = 0;
            while (done < size)
            {
                var n = await stream.ReadAsync(memory[done..], cancel).ConfigureAwait(false);
                if (n == 0) throw new PeerProtocolException($"block {hash} is not {size} bytes long");
                done += n;
            }
            if (!BlockKeys.Matches(hash, memory.Span, offset, fileSize, out var chainingValue)) throw new PeerProtocolException($"block {hash} does not hash to its id: refused");
            return new FetchedBlock(buffer, chainingValue);
        }
        catch
        {
            BlockBuffer.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Fetches <paramref name="run"/> (at most <see cref="Wire.MaxRunBlocks"/> blocks) as one block run over an HTTP/1.1
    /// connection of its own, checking each block against its name as it arrives (as
    /// <see cref="GetBlockAsync(BlockHash, int, long, long, CancellationToken)"/> does) and handing it to
    /// <paramref name="received"/> at once, which owns its buffer from then on. Memory: one block at a time.
    /// </summary>
    /// <param name="run">The blocks, each with where it lies in its file.</param>
    /// <param name="starting">Called before each block's bytes are read; its result is disposed once the block was handed over or failed.</param>
    /// <param name="received">Takes each verified block (its buffer is a pooled one, see <see cref="FetchedBlock"/>).</param>
    /// <param name="cancel">Cancels the run.</param>
    /// <returns>False when nothing was fetched because the peer does not serve runs (a peer from before them: no
    /// HTTP/1.1, or 404 for the path), or refused one of the blocks (404): ask for them one by one, which tells which.</returns>
    /// <exception cref="PeerProtocolException">A block does not match its name, or the body has another length.</exception>
    /// <exception cref="HttpRequestException">The connection failed during the body.</exception>
    internal async Task<bool> GetBlockRunAsync(IReadOnlyList<PlacedBlock> run, Func<PlacedBlock, IDisposable?> starting, Func<PlacedBlock, FetchedBlock, ValueTask> received, CancellationToken cancel)
    {
        if (run.Count is 0 or > Wire.MaxRunBlocks) throw new ArgumentOutOfRangeException(nameof(run), run.Count, "a run holds 1 to Wire.MaxRunBlocks blocks");
        if (Environment.TickCount64 < Interlocked.Read(ref _runsRefusedUntilMs)) return false;
        var total = 0L;
        foreach (var block in run)
        {
            if (block.Size is < 0 or > Wire.MaxBlockBytes) throw new PeerProtocolException($"block {block.Hash} has an impossible size {block.Size}");
            total += block.Size;
        }
        var path = new System.Text.StringBuilder(Wire.RunsPath.Length + run.Count * 65).Append(Wire.RunsPath.AsSpan(1));
        for (var i = 0; i < run.Count; i++) (i == 0 ? path : path.Append(Wire.RunSeparator)).Append(run[i].Hash.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Get, path.ToString()) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        HttpResponseMessage response;
        try
        {
            response = await _runHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode is null && !cancel.IsCancellationRequested)
        {
            // No HTTP/1.1 answer at all: a peer from before runs (HTTP/2 only), or the connection failed; either way
            // the blocks are asked for over HTTP/2, which reports a real failure.
            Interlocked.Exchange(ref _runsRefusedUntilMs, Environment.TickCount64 + (long)RunRetryAfter.TotalMilliseconds);
            return false;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            Expect(response, HttpStatusCode.OK);
            if (response.Content.Headers.ContentLength is not { } length || length != total) throw new PeerProtocolException($"block run of {run.Count} blocks: {response.Content.Headers.ContentLength} bytes instead of {total}");
            await using var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            foreach (var block in run)
            {
                using (starting(block))
                {
                    var fetched = await ReadBlockAsync(stream, block.Hash, block.Size, block.Offset, block.FileSize, cancel).ConfigureAwait(false);
                    await received(block, fetched).ConfigureAwait(false);
                }
            }
            if (await stream.ReadAsync(new byte[1], cancel).ConfigureAwait(false) != 0) throw new PeerProtocolException($"block run of {run.Count} blocks is longer than {total} bytes");
            return true;
        }
    }

    /// <summary>
    /// Tells the giver of transfer grant <paramref name="grantId"/> that we took stewardship of the version
    /// <paramref name="accepted"/> names (its leaf id, or its entry digest for a folder).
    /// </summary>
    /// <exception cref="PeerProtocolException">Refused: no such transfer (404) or the offer expired (410).</exception>
    internal async Task AcceptTransferAsync(string grantId, Blake3Hash accepted, CancellationToken cancel)
    {
        using var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new TransferAcceptDto(accepted.ToString()), Wire.Json));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync($"v1/transfers/{grantId}/accept", body, cancel).ConfigureAwait(false);
        Expect(response, HttpStatusCode.NoContent);
    }

    /// <summary>Reports opens of the peer's artifacts.</summary>
    internal async Task ReportAttentionAsync(AttentionReportDto report, CancellationToken cancel)
    {
        using var response = await _http.PostAsJsonAsync("v1/attention", report, Wire.Json, cancel).ConfigureAwait(false);
        Expect(response, HttpStatusCode.NoContent);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var http in _blockHttp) http.Dispose();
        _runHttp.Dispose();
    }

    /// <exception cref="PeerUnpairedException">The peer removed us (403 with <see cref="Wire.PairingHeader"/>: <see cref="Wire.Unpaired"/>).</exception>
    /// <exception cref="PeerProtocolException">Any other status than <paramref name="status"/>.</exception>
    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode == HttpStatusCode.Forbidden && response.Headers.TryGetValues(Wire.PairingHeader, out var pairing) && pairing.Contains(Wire.Unpaired, StringComparer.Ordinal))
            throw new PeerUnpairedException();
        // Over the peer's budget for us (ServingLimits): a transient refusal, tried again next round, not a protocol fault.
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new HttpRequestException($"peer is busy: answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        if (response.StatusCode != status) throw new PeerProtocolException($"peer answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancel)
    {
        if (response.Content.Headers.ContentLength is > 0 and var length && length > limit) throw new PeerProtocolException($"answer of {length} bytes is over the {limit}-byte limit");
        await using var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + n > limit) throw new PeerProtocolException($"answer is over the {limit}-byte limit");
            memory.Write(buffer, 0, n);
        }
        return memory.ToArray();
    }
}
