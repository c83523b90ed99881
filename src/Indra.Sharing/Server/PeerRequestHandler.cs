using System.Buffers;
using System.Text.Json;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Sharing.Protocol;
using Indra.Sharing.Security;
using Microsoft.AspNetCore.Http;

namespace Indra.Sharing.Server;

/// <summary>
/// Answers the requests of <see cref="Wire"/> for an authenticated, paired peer; refuses everything else. A block is
/// sent from a buffer of its size (at most <see cref="Wire.MaxBlockBytes"/>), and at most
/// <see cref="MaxConcurrentBlockSends"/> such buffers exist at once over all connections: further block requests wait
/// their turn. An unexpected exception (a bug, an allocation failure) answers that request 500 with a log line.
/// </summary>
internal sealed class PeerRequestHandler
{
    /// <summary>Block requests served at once (each holds one block in memory); others wait for a turn.</summary>
    internal const int MaxConcurrentBlockSends = 8;

    private const string BlocksPrefix = "/v1/blocks/";
    private const string TransfersPrefix = "/v1/transfers/";
    private readonly IPeerHost _host;
    private readonly SemaphoreSlim _blockSends = new(MaxConcurrentBlockSends);
    private int _blockSending;
    private int _peakBlockSending;

    internal PeerRequestHandler(IPeerHost host) => _host = host;

    /// <summary>Requests refused (unauthenticated, unpaired, not granted, malformed), for tests and status.</summary>
    internal long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>Most block requests that held a buffer at the same time so far (tests and status).</summary>
    internal int PeakConcurrentBlockSends => Volatile.Read(ref _peakBlockSending);

    /// <summary>True when <paramref name="peer"/> may connect: paired, or removed (each request is then answered "unpaired").</summary>
    internal bool IsKnown(PlayerId peer) => _host.IsKnown(peer);

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
            _host.Log($"peer request {context.Request.Path} ended: {e.Message}");
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
        context.Response.Headers.ETag = manifest.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == manifest.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = manifest.Json.Length;
        await context.Response.Body.WriteAsync(manifest.Json, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task BlockAsync(HttpContext context, PlayerId peer, string hex)
    {
        // An unknown hash and a hash of an artifact not granted to this peer get the same answer.
        if (!BlockHash.TryParse(hex, out var hash) || !_host.ManifestFor(peer).Blocks.Contains(hash))
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }
        var zero = ZeroBlocks.TryGetSize(hash, out var zeroSize);
        var size = zero ? zeroSize : _host.OwnBlocks.SizeOf(hash);
        if (size < 0 || size > Wire.MaxBlockBytes)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }
        await _blockSends.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            NoteBlockSend(Interlocked.Increment(ref _blockSending));
            await SendBlockAsync(context, hash, (int)size, zero).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _blockSending);
            _blockSends.Release();
        }
    }

    /// <summary>Sends block <paramref name="hash"/> of <paramref name="size"/> bytes from a pooled buffer (zeros for a
    /// hole's block, <paramref name="zero"/>). Caller holds a turn.</summary>
    private async Task SendBlockAsync(HttpContext context, BlockHash hash, int size, bool zero)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            int read = size;
            try
            {
                if (zero) buffer.AsSpan(0, size).Clear();
                else read = _host.OwnBlocks.Read(hash, 0, buffer.AsSpan(0, size));
            }
            catch (MissingBlockException)
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
                return;
            }
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = read;
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void NoteBlockSend(int sending)
    {
        for (var peak = Volatile.Read(ref _peakBlockSending); sending > peak; peak = Volatile.Read(ref _peakBlockSending))
        {
            Interlocked.CompareExchange(ref _peakBlockSending, sending, peak);
        }
    }

    private async Task AcceptAsync(HttpContext context, PlayerId peer, string grantId)
    {
        if (grantId.Length is 0 or > 64 || !grantId.All(char.IsAsciiHexDigitLower) || !_host.AcceptTransfer(peer, grantId))
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
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
