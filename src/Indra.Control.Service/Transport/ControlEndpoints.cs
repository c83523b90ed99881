using System.Globalization;
using System.Text.Json;
using Indra.Control.Model;
using Indra.Control.Wire;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Transport;

/// <summary>
/// Serves one control request: checks the version, dispatches the route (<see cref="ControlWire"/>) to the
/// <see cref="IVaultControl"/> and writes the JSON answer, or the <see cref="ErrorAnswer"/> of a failure. Every
/// failure is answered (a malformed body, an unknown route, a body over <see cref="ControlLimits.MaxRequestBytes"/>,
/// a request over <see cref="ControlLimits.RequestTimeoutSeconds"/>); an unexpected exception answers Internal and
/// is logged, and the endpoint keeps serving.
/// </summary>
internal sealed partial class ControlEndpoints(IVaultControl control, ILogger log)
{
    /// <summary>Handles <paramref name="context"/>'s request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers[ControlWire.VersionHeader] = ControlLimits.Version.ToString(CultureInfo.InvariantCulture);
        var route = context.Request.Path.Value ?? "";
        // The caller the connection was admitted as (SO_PEERCRED), for the audit of what this request changes.
        ControlCaller.Current = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ControlCaller.ConnectionKey, out var caller) == true
            ? caller as Indra.FileSystem.CallerContext?
            : null;
        var long_ = IsLong(context.Request.Method, route);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(ControlLimits.RequestTimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, long_ ? CancellationToken.None : timeout.Token);
        try
        {
            CheckVersion(context.Request, route);
            await DispatchAsync(context, route, linked.Token).ConfigureAwait(false);
        }
        catch (VaultControlException e)
        {
            await AnswerErrorAsync(context, e.Kind, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            await AnswerErrorAsync(context, ControlErrorKind.Busy, $"the request took longer than {ControlLimits.RequestTimeoutSeconds} s").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.LogDebug("a control request to {Route} was abandoned by its client", route);
        }
        catch (BadHttpRequestException e)
        {
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the request body is larger than {ControlLimits.MaxRequestBytes} bytes"
                : "malformed request: " + e.Message;
            await AnswerErrorAsync(context, ControlErrorKind.InvalidArgument, message, e.StatusCode).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or ArgumentException or NotSupportedException)
        {
            await AnswerErrorAsync(context, ControlErrorKind.InvalidArgument, "malformed request: " + e.Message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.LogError(e, "control request {Method} {Route} failed", context.Request.Method, route);
            await AnswerErrorAsync(context, ControlErrorKind.Internal, $"an unexpected failure inside the vault ({e.GetType().Name}); see the daemon's log").ConfigureAwait(false);
        }
    }

    /// <summary>Requests that may run as long as they need: uploads, checks, collections.</summary>
    private static bool IsLong(string method, string route) =>
        (route == ControlWire.Content && method == HttpMethods.Put) || route is ControlWire.Check or ControlWire.Collect;

    private static void CheckVersion(HttpRequest request, string route)
    {
        if (request.Headers.TryGetValue(ControlWire.VersionHeader, out var version) && version.ToString() != ControlLimits.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw new VaultControlException(ControlErrorKind.VersionMismatch, $"this daemon speaks control API version {ControlLimits.Version}, the request version {version}");
        }
        if (!route.StartsWith(ControlWire.Prefix + "/", StringComparison.Ordinal))
        {
            var kind = route.Length > 2 && route[1] == 'v' && char.IsAsciiDigit(route[2]) ? ControlErrorKind.VersionMismatch : ControlErrorKind.NotFound;
            throw new VaultControlException(kind, kind == ControlErrorKind.VersionMismatch
                ? $"this daemon speaks control API version {ControlLimits.Version} ({ControlWire.Prefix}/...), not {route}"
                : $"no such control route: {route}");
        }
    }

    private async Task DispatchAsync(HttpContext context, string route, CancellationToken cancellation)
    {
        var request = context.Request;
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        switch (route)
        {
            case ControlWire.Status when get:
                await AnswerAsync(context, await control.GetStatusAsync(cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Item when get:
                await AnswerAsync(context, await control.StatAsync(Text(request, "path") ?? "", cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.List when get:
                await AnswerAsync(context, await control.ListAsync(Text(request, "path") ?? "", cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Content when get:
                var bytes = await control.ReadAsync(Text(request, "path") ?? "", Number(request, "offset", 0), checked((int)Number(request, "count", ControlLimits.MaxChunkBytes)), cancellation).ConfigureAwait(false);
                context.Response.ContentType = ControlWire.Bytes;
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes, cancellation).ConfigureAwait(false);
                return;
            case ControlWire.Content when HttpMethods.IsPut(request.Method):
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = ControlLimits.MaxWriteBytes;
                var mode = Text(request, "mode") switch
                {
                    null or "replace" => WriteMode.Replace,
                    "append" => WriteMode.Append,
                    var other => throw new VaultControlException(ControlErrorKind.InvalidArgument, $"mode is replace or append, not '{other}'"),
                };
                await AnswerAsync(context, await control.WriteAsync(Text(request, "path") ?? "", request.Body, mode, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.MakeDirectory when post:
                var folder = await BodyAsync<PathRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.MakeDirectoryAsync(folder.Path, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.TreeType when post:
                var typed = await BodyAsync<TreeTypeRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.SetTreeTypeAsync(typed.Path, typed.TreeType, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.RemovePeer when post:
                await control.RemovePeerAsync((await BodyAsync<NameRequest>(request, cancellation).ConfigureAwait(false)).Name, cancellation).ConfigureAwait(false);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case ControlWire.DeleteRealm when post:
                await control.DeleteRealmAsync((await BodyAsync<NameRequest>(request, cancellation).ConfigureAwait(false)).Name, cancellation).ConfigureAwait(false);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case ControlWire.Remove when post:
                var remove = await BodyAsync<RemoveRequest>(request, cancellation).ConfigureAwait(false);
                await control.RemoveAsync(remove.Path, remove.Recursive, cancellation).ConfigureAwait(false);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case ControlWire.Rename when post:
                var rename = await BodyAsync<MoveRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.RenameAsync(rename.From, rename.To, rename.Replace, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Copy when post:
                var copy = await BodyAsync<MoveRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.CopyAsync(copy.From, copy.To, copy.Replace, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Heat when get:
                await AnswerAsync(context, await control.GetHeatAsync(Text(request, "path"), checked((int)Number(request, "top", 100)), cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Attention when get:
                DateTimeOffset? since = Text(request, "since") is { } text
                    ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                    : null;
                await AnswerAsync(context, await control.GetAttentionAsync(Text(request, "path"), since, checked((int)Number(request, "limit", 100)), cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Grants when get:
                await AnswerAsync(context, await control.GetGrantsAsync(cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Grants when post:
                var share = await BodyAsync<ShareRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.ShareAsync(share.Path, share.Peer, share.Mode, share.Until, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Recall when post:
                var recall = await BodyAsync<RecallRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, new CountAnswer(await control.RecallAsync(recall.Path, recall.Peer, cancellation).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case ControlWire.Peers when get:
                await AnswerAsync(context, await control.GetPeersAsync(cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Peers when post:
                var pair = await BodyAsync<AddPeerRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.AddPeerAsync(pair.Name, pair.Invite, pair.AutoAccept, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Invite when get:
                await AnswerAsync(context, new InviteAnswer(await control.CreateInviteAsync(cancellation).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case ControlWire.Realms when get:
                await AnswerAsync(context, await control.GetRealmsAsync(cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Realms when post:
                var realm = await BodyAsync<RealmRequest>(request, cancellation).ConfigureAwait(false);
                await AnswerAsync(context, await control.CreateRealmAsync(realm.Name, realm.Members ?? [], cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.Check when post:
                var repair = Text(request, "repair") is "true" or "1";
                await StreamAsync(context, progress => control.CheckAsync(repair, progress, cancellation), cancellation).ConfigureAwait(false);
                return;
            case ControlWire.Collect when post:
                await StreamAsync(context, progress => control.CollectGarbageAsync(progress, cancellation), cancellation).ConfigureAwait(false);
                return;
            case ControlWire.Unmount when post:
                await control.UnmountAsync(cancellation).ConfigureAwait(false);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            // Heat ranking and the attention feed (indra heat, indra top; issue 18).
            case ControlWire.HeatRanking when get:
                await AnswerAsync(context, await control.GetHeatRankingAsync(Text(request, "path"), checked((int)Number(request, "top", 100)), Time(request, "since"), cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ControlWire.AttentionFeed when get:
                long? after = Text(request, "after") is null ? null : Number(request, "after", 0);
                await AnswerAsync(context, await control.GetAttentionFeedAsync(after, checked((int)Number(request, "limit", 100)), Time(request, "peersSince"), cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            default:
                if (await DispatchConsentAsync(context, route, cancellation).ConfigureAwait(false)) return;
                throw new VaultControlException(ControlErrorKind.NotFound, $"no such control route: {request.Method} {route}");
        }
    }

    /// <summary>
    /// Runs a check or collection, answering its progress as JSON lines once the first step comes, then the result; a
    /// failure before any step is answered as any failed request is.
    /// </summary>
    private static async Task StreamAsync<T>(HttpContext context, Func<IProgress<MaintenanceProgress>, Task<T>> run, CancellationToken cancellation) where T : class
    {
        var progress = new ChannelProgress();
        var work = Task.Run(() => run(progress), cancellation);
        _ = work.ContinueWith(_ => progress.Complete(), TaskScheduler.Default);
        var started = false;
        var response = context.Response;
        await foreach (var step in progress.Steps.ReadAllAsync(cancellation).ConfigureAwait(false))
        {
            if (!started) Start(response);
            started = true;
            await WriteLineAsync(response, new MaintenanceLine<T>(step, null, null), cancellation).ConfigureAwait(false);
        }
        T result;
        try
        {
            result = await work.ConfigureAwait(false);
        }
        catch (VaultControlException e) when (started)
        {
            await WriteLineAsync(response, new MaintenanceLine<T>(null, null, new ErrorAnswer(e.Kind, e.Message)), cancellation).ConfigureAwait(false);
            return;
        }
        if (!started) Start(response);
        await WriteLineAsync(response, new MaintenanceLine<T>(null, result, null), cancellation).ConfigureAwait(false);

        static void Start(HttpResponse response)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ControlWire.JsonLines;
        }
    }

    private static async Task WriteLineAsync<T>(HttpResponse response, T line, CancellationToken cancellation)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, ControlJson.Options);
        await response.Body.WriteAsync(bytes, cancellation).ConfigureAwait(false);
        await response.Body.WriteAsync("\n"u8.ToArray(), cancellation).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
    }

    private static async Task AnswerAsync<T>(HttpContext context, T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, ControlJson.Options);
        context.Response.ContentType = ControlWire.Json;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task AnswerErrorAsync(HttpContext context, ControlErrorKind kind, string message, int? status = null)
    {
        if (context.Response.HasStarted)
        {
            log.LogWarning("a control request failed after its answer began: {Kind}: {Message}", kind, message);
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.Headers[ControlWire.VersionHeader] = ControlLimits.Version.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = status ?? ErrorStatus.Of(kind);
        await AnswerAsync(context, new ErrorAnswer(kind, message)).ConfigureAwait(false);
    }

    private static async Task<T> BodyAsync<T>(HttpRequest request, CancellationToken cancellation) where T : class
    {
        if (request.ContentLength > ControlLimits.MaxRequestBytes)
        {
            throw new BadHttpRequestException($"the request body is larger than {ControlLimits.MaxRequestBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        }
        return await JsonSerializer.DeserializeAsync<T>(request.Body, ControlJson.Options, cancellation).ConfigureAwait(false)
            ?? throw new VaultControlException(ControlErrorKind.InvalidArgument, "the request body is empty (null)");
    }

    private static string? Text(HttpRequest request, string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static DateTimeOffset? Time(HttpRequest request, string name) =>
        Text(request, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;

    private static long Number(HttpRequest request, string name, long fallback) =>
        Text(request, name) is { } text ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;
}
