using System.Buffers;
using System.Text.Json;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Microsoft.AspNetCore.Http;

namespace Indra.Sharing.Server;

/// <summary>
/// Answers the requests of <see cref="Wire"/> for an authenticated, paired peer; refuses everything else. A block (or
/// each block of a run) is streamed from the block store in chunks of <see cref="ServingLimits.ChunkBytes"/>, never held whole: each chunk is
/// taken from one budget of <see cref="ServingLimits.MaxBytesInFlight"/> bytes over all requests before it is read and
/// given back once Kestrel has taken it, and a chunk the peer does not take within
/// <see cref="ServingLimits.StalledSendTimeout"/> ends the request. An unexpected exception (a bug, an allocation
/// failure) answers that request 500 with a log line.
/// </summary>
internal sealed class PeerRequestHandler
{
    private const string BlocksPrefix = "/v1/blocks/";
    private const string TransfersPrefix = "/v1/transfers/";

    /// <summary>How often a held manifest request looks again for vault edits (<see cref="AwaitChangeAsync"/>).</summary>
    private static readonly TimeSpan ManifestRecheck = TimeSpan.FromMilliseconds(250);

    private readonly IPeerHost _host;
    private readonly ByteBudget _inFlight = new(ServingLimits.MaxBytesInFlight, ServingLimits.ChunkBytes);

    internal PeerRequestHandler(IPeerHost host) => _host = host;

    /// <summary>Requests refused (unauthenticated, unpaired, not granted, malformed), for tests and status.</summary>
    internal long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>Most bytes of block and manifest chunks held at the same time so far, over all requests (tests and status).</summary>
    internal long PeakBlockBytesInFlight => _inFlight.PeakBytes;

    /// <summary>True when <paramref name="peer"/> may connect: paired, or removed (each request is then answered "unpaired").</summary>
    internal bool IsKnown(PlayerId peer) => _host.IsKnown(peer);

    /// <summary>Writes one line to the service's log.</summary>
    internal void Log(string line) => _host.Log(line);

    /// <summary>Handles one request.</summary>
    internal async Task HandleAsync(HttpContext context)
    {
        try
        {
            var certificate = context.Connection.ClientCertificate;
            if (certificate is null)
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden).ConfigureAwait(false);
                return;
            }
            var peer = PeerCertificates.PlayerIdOf(certificate);
            if (!_host.IsPaired(peer))
            {
                if (_host.IsKnown(peer)) context.Response.Headers[Wire.PairingHeader] = Wire.Unpaired;
                await RefuseAsync(context, StatusCodes.Status403Forbidden).ConfigureAwait(false);
                return;
            }
            var path = context.Request.Path.Value ?? "";
            var method = context.Request.Method;
            if (method == HttpMethods.Get && path == "/v1/manifest") await ManifestAsync(context, peer).ConfigureAwait(false);
            else if (method == HttpMethods.Get && path.StartsWith(BlocksPrefix, StringComparison.Ordinal)) await BlockAsync(context, peer, path[BlocksPrefix.Length..]).ConfigureAwait(false);
            else if (method == HttpMethods.Get && path.StartsWith(Wire.RunsPath, StringComparison.Ordinal)) await RunAsync(context, peer, path[Wire.RunsPath.Length..]).ConfigureAwait(false);
            else if (method == HttpMethods.Post && path.StartsWith(TransfersPrefix, StringComparison.Ordinal) && path.EndsWith("/accept", StringComparison.Ordinal))
                await AcceptAsync(context, peer, path[TransfersPrefix.Length..^"/accept".Length]).ConfigureAwait(false);
            else if (method == HttpMethods.Post && path == "/v1/attention") await AttentionAsync(context, peer).ConfigureAwait(false);
            else await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or JsonException or InvalidDataException)
        {
            await RefuseAsync(context, e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // A peer that closed the connection (it went offline, shut down, or gave up a held manifest request) is
            // part of serving; a send that stalled past its timeout, or a failure of our own, is worth a warning.
            var line = $"peer request {context.Request.Path} ended: {e.Message}";
            if (context.RequestAborted.IsCancellationRequested) _host.Note(line);
            else _host.Log(line);
            context.Abort();
        }
        catch (Exception e)
        {
            // Anything else is unexpected (a bug, OutOfMemoryException, InsufficientExecutionStackException): that
            // request fails, the service keeps serving.
            _host.Log($"peer request {context.Request.Method} {context.Request.Path} failed unexpectedly: {e.GetType().Name}: {e.Message}");
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentLength = 0;
        }
    }

    private async Task ManifestAsync(HttpContext context, PlayerId peer)
    {
        var manifest = _host.ManifestFor(peer);
        var known = context.Request.Headers.IfNoneMatch.ToString();
        if (known == manifest.ETag && WaitOf(context.Request) is { } wait) manifest = await AwaitChangeAsync(peer, manifest, wait, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = manifest.ETag;
        if (known == manifest.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var json = manifest.Json;
        await SendChunkedAsync(context, "application/json", [new Body(json.Length, (offset, chunk) =>
        {
            json.AsSpan((int)offset, chunk.Length).CopyTo(chunk);
            return true;
        }, null)]).ConfigureAwait(false);
    }

    /// <summary>The wait a manifest request asks for (<see cref="Wire.WaitHeader"/>), cut to <see cref="Wire.MaxManifestWaitMs"/>; null when none or malformed.</summary>
    private static TimeSpan? WaitOf(HttpRequest request)
    {
        var text = request.Headers[Wire.WaitHeader].ToString();
        if (text.Length is 0 or > 9 || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms <= 0) return null;
        return TimeSpan.FromMilliseconds(Math.Min(ms, Wire.MaxManifestWaitMs));
    }

    /// <summary>
    /// Holds a request for the unchanged <paramref name="manifest"/> until the peer's manifest has another tag, the
    /// peer is no longer paired, or <paramref name="wait"/> passed: woken by <see cref="IPeerHost.ManifestChanges"/>, and
    /// looking again every <see cref="ManifestRecheck"/> for edits of the vault (which are not pulsed). The request
    /// counts against the peer's budget of requests in progress meanwhile (<see cref="ServingLimits.MaxStreamsPerPeer"/>).
    /// </summary>
    /// <returns>The manifest to answer with (the same one when nothing changed).</returns>
    private async Task<ServedManifest> AwaitChangeAsync(PlayerId peer, ServedManifest manifest, TimeSpan wait, CancellationToken cancel)
    {
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        for (var left = wait; left > TimeSpan.Zero; left = TimeSpan.FromMilliseconds(deadline - Environment.TickCount64))
        {
            await _host.ManifestChanges.WaitAsync(left < ManifestRecheck ? left : ManifestRecheck, cancel).ConfigureAwait(false);
            var now = _host.ManifestFor(peer);
            if (now.ETag != manifest.ETag || !_host.IsPaired(peer)) return now;
        }
        return manifest;
    }

    private async Task BlockAsync(HttpContext context, PlayerId peer, string hex)
    {
        // An unknown hash and a hash of an artifact not granted to this peer get the same answer.
        if (!BlockHash.TryParse(hex, out var hash) || BodyOf(_host.ManifestFor(peer), hash) is not { } body)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }
        await SendChunkedAsync(context, "application/octet-stream", [body]).ConfigureAwait(false);
    }

    /// <summary>
    /// A block run (<see cref="Wire.RunsPath"/>): the blocks named in <paramref name="list"/>, one after the other. Every
    /// block is checked before the first byte is sent; any that is malformed, not granted, unknown or too large (and
    /// a list of more than <see cref="Wire.MaxRunBlocks"/>) answers 404, as for a single block.
    /// </summary>
    private async Task RunAsync(HttpContext context, PlayerId peer, string list)
    {
        if (RunOf(_host.ManifestFor(peer), list) is not { } parts)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }
        await SendChunkedAsync(context, "application/octet-stream", parts).ConfigureAwait(false);
    }

    /// <summary>The blocks a run's <paramref name="list"/> names, in order; null when one of them cannot be sent to the
    /// peer <paramref name="manifest"/> is served to (<see cref="BodyOf"/>), or the list is malformed or too long.</summary>
    private List<Body>? RunOf(ServedManifest manifest, string list)
    {
        var parts = new List<Body>(Wire.MaxRunBlocks);
        foreach (var range in list.AsSpan().Split(Wire.RunSeparator))
        {
            if (parts.Count == Wire.MaxRunBlocks || !BlockHash.TryParse(list.AsSpan()[range], out var hash) || BodyOf(manifest, hash) is not { } body) return null;
            parts.Add(body);
        }
        return parts;
    }

    /// <summary>How block <paramref name="hash"/> is sent to the peer <paramref name="manifest"/> is served to: null when
    /// it is not granted there, not stored, or larger than <see cref="Wire.MaxBlockBytes"/>.</summary>
    private Body? BodyOf(ServedManifest manifest, BlockHash hash)
    {
        if (!manifest.Blocks.Contains(hash)) return null;
        var zero = ZeroBlocks.TryGetSize(hash, out var zeroSize);
        var size = zero ? zeroSize : _host.OwnBlocks.SizeOf(hash);
        if (size < 0 || size > Wire.MaxBlockBytes) return null;
        return zero
            ? new Body(size, (_, chunk) =>
            {
                chunk.Clear();
                return true;
            }, null)
            : new Body(size, (offset, chunk) => TryRead(hash, offset, chunk), () => _host.OwnBlocks.Prefetch(hash, (int)size));
    }

    /// <summary>Fills <paramref name="chunk"/> (at most one chunk long) with the bytes of a body from
    /// <paramref name="offset"/>; false when they are gone.</summary>
    private delegate bool ChunkSource(long offset, Span<byte> chunk);

    /// <summary>One part of a response body: <paramref name="Size"/> bytes produced by <paramref name="Source"/>;
    /// <paramref name="Prefetch"/> (null when there is nothing to load) starts loading them without waiting.</summary>
    private readonly record struct Body(long Size, ChunkSource Source, Action? Prefetch);

    /// <summary>
    /// Sends a body made of <paramref name="parts"/> one after the other, chunk by chunk: each chunk is taken from the
    /// bytes-in-flight budget before its part's source produces it and given back once Kestrel has taken it (at most
    /// one chunk stays in Kestrel's response buffer). The first chunk is read into a scratch buffer before the answer
    /// starts, so a body gone by then answers 404; every later chunk is read straight into the response's output
    /// buffer (<see cref="HttpResponse.BodyWriter"/>), which the connection encrypts from, without a copy in between.
    /// Loading runs <see cref="ServingLimits.PrefetchParts"/> parts ahead of the one being sent (each part's
    /// <see cref="Body.Prefetch"/>: the first ones before the first byte, then one more as each part starts).
    /// A body gone later (a block collected meanwhile), or not taken by the peer within
    /// <see cref="ServingLimits.StalledSendTimeout"/>, aborts the stream, so the peer never takes a short body for a
    /// whole one.
    /// </summary>
    private async Task SendChunkedAsync(HttpContext context, string contentType, IReadOnlyList<Body> parts)
    {
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var started = false;
        for (var i = 0; i < Math.Min(ServingLimits.PrefetchParts, parts.Count); i++) parts[i].Prefetch?.Invoke();
        for (var part = 0; part < parts.Count; part++)
        {
            var (size, source, _) = parts[part];
            if (part + ServingLimits.PrefetchParts < parts.Count) parts[part + ServingLimits.PrefetchParts].Prefetch?.Invoke();
            var offset = 0L;
            do
            {
                var length = (int)Math.Min(ServingLimits.ChunkBytes, size - offset);
                await _inFlight.TakeAsync(context.RequestAborted).ConfigureAwait(false);
                try
                {
                    if (!started)
                    {
                        if (!await SendFirstChunkAsync(context, contentType, parts.Sum(p => p.Size), source, length, stalled).ConfigureAwait(false)) return;
                        started = true;
                    }
                    else
                    {
                        var writer = context.Response.BodyWriter;
                        if (!source(offset, writer.GetMemory(length).Span[..length]))
                        {
                            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
                            return;
                        }
                        writer.Advance(length);
                        stalled.CancelAfter(ServingLimits.StalledSendTimeout);
                        await writer.FlushAsync(stalled.Token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _inFlight.Release();
                }
                offset += length;
            }
            while (offset < size);
        }
    }

    /// <summary>Reads a body's first chunk (<paramref name="length"/> bytes of <paramref name="source"/> from offset 0)
    /// into a scratch buffer and, when it is there, starts the answer (<paramref name="contentType"/>,
    /// <paramref name="contentLength"/> bytes) with it; answers 404 and returns false when it is gone.</summary>
    private async Task<bool> SendFirstChunkAsync(HttpContext context, string contentType, long contentLength, ChunkSource source, int length, CancellationTokenSource stalled)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(ServingLimits.ChunkBytes);
        try
        {
            if (!source(0, scratch.AsSpan(0, length)))
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
                return false;
            }
            context.Response.ContentType = contentType;
            context.Response.ContentLength = contentLength;
            stalled.CancelAfter(ServingLimits.StalledSendTimeout);
            await context.Response.Body.WriteAsync(scratch.AsMemory(0, length), stalled.Token).ConfigureAwait(false);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Reads <paramref name="chunk"/>.Length bytes of block <paramref name="hash"/> from <paramref name="offset"/>;
    /// false when the block is gone or shorter than it was.</summary>
    private bool TryRead(BlockHash hash, long offset, Span<byte> chunk)
    {
        try
        {
            return _host.OwnBlocks.Read(hash, offset, chunk) == chunk.Length;
        }
        catch (MissingBlockException)
        {
            return false;
        }
    }

    private async Task AcceptAsync(HttpContext context, PlayerId peer, string grantId)
    {
        if (grantId.Length is 0 or > 64 || !grantId.All(char.IsAsciiHexDigitLower))
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }
        if (context.Request.ContentLength is > Wire.MaxRequestBody)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
            return;
        }
        var body = await JsonSerializer.DeserializeAsync<TransferAcceptDto>(context.Request.Body, Wire.Json, context.RequestAborted).ConfigureAwait(false);
        if (body?.Id is null || !Blake3Hash.TryParse(body.Id, out var accepted))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }
        switch (_host.AcceptTransfer(peer, grantId, accepted))
        {
            case TransferAcceptance.Completed:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case TransferAcceptance.Expired:
                await RefuseAsync(context, StatusCodes.Status410Gone).ConfigureAwait(false);
                break;
            default:
                await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
                break;
        }
    }

    private async Task AttentionAsync(HttpContext context, PlayerId peer)
    {
        if (context.Request.ContentLength is > Wire.MaxRequestBody)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
            return;
        }
        var report = await JsonSerializer.DeserializeAsync<AttentionReportDto>(context.Request.Body, Wire.Json, context.RequestAborted).ConfigureAwait(false);
        if (report?.Items is null || report.Items.Count > Wire.MaxAttentionItems || report.Items.Any(i => i is null || i.Count is < 1 or > 1_000_000))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }
        _host.RecordAttention(peer, _host.ManifestFor(peer), report);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private Task RefuseAsync(HttpContext context, int status)
    {
        Interlocked.Increment(ref _refused);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
