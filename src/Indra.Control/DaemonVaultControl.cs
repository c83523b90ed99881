using System.Globalization;
using System.IO.Pipes;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Indra.Control.Model;
using Indra.Control.Wire;
using Indra.Engine.Domain;

namespace Indra.Control;

/// <summary>
/// <see cref="IVaultControl"/> served by a running daemon over its control socket (<see cref="ControlSocket"/>): HTTP/1.1
/// with JSON bodies (<see cref="ControlWire"/>, docs/control-api.md) through an <see cref="HttpClient"/> whose
/// connections are Unix domain socket connections (on Windows, named pipe connections made with
/// <see cref="PipeOptions.CurrentUserOnly"/>). A failed request throws the daemon's
/// <see cref="VaultControlException"/>; a socket nobody answers, or a daemon gone mid-request, throws
/// <see cref="ControlErrorKind.Unavailable"/>. Thread-safe.
/// </summary>
public sealed class DaemonVaultControl : IVaultControl
{
    private readonly HttpClient _http;
    private readonly string _socket;

    /// <summary>A client of the daemon listening on <paramref name="socketPath"/>; nothing is connected until the first request.</summary>
    public DaemonVaultControl(string socketPath)
    {
        _socket = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 4,
            AllowAutoRedirect = false,
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://indra-control/"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add(ControlWire.VersionHeader, ControlLimits.Version.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The socket this client talks to.</summary>
    public string SocketPath => _socket;

    /// <summary>True when something accepts connections on <paramref name="socketPath"/> (a daemon's control endpoint:
    /// a Unix domain socket, or on Windows a named pipe, <see cref="ControlSocket.IsPipe"/>).</summary>
    public static async Task<bool> AnswersAsync(string socketPath, CancellationToken cancellation = default)
    {
        if (ControlSocket.IsPipe(socketPath))
        {
            try
            {
                await using var pipe = await ConnectPipeAsync(socketPath, PipeProbeMilliseconds, cancellation).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
        if (!File.Exists(socketPath)) return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>How long a probe waits for a Windows pipe instance to be free (ms).</summary>
    private const int PipeProbeMilliseconds = 500;

    /// <summary>How long a request waits for a Windows pipe instance to be free (ms).</summary>
    private const int PipeConnectMilliseconds = 10_000;

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        if (ControlSocket.IsPipe(_socket)) return await ConnectPipeAsync(_socket, PipeConnectMilliseconds, cancellation).ConfigureAwait(false);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socket), cancellation).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to the Windows named pipe <paramref name="endpoint"/> with <see cref="PipeOptions.CurrentUserOnly"/>:
    /// the connection is refused unless the pipe's owner is this user, so another user's process that created a pipe of
    /// that name first (a squatter) is never talked to.
    /// </summary>
    private static async Task<NamedPipeClientStream> ConnectPipeAsync(string endpoint, int timeoutMilliseconds, CancellationToken cancellation)
    {
        var pipe = new NamedPipeClientStream(".", endpoint[ControlSocket.PipePrefix.Length..], PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await pipe.ConnectAsync(timeoutMilliseconds, cancellation).ConfigureAwait(false);
            return pipe;
        }
        catch
        {
            await pipe.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<VaultStatus> GetStatusAsync(CancellationToken cancellation = default) => GetAsync<VaultStatus>(ControlWire.Status, cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> StatAsync(string path, CancellationToken cancellation = default) => GetAsync<VaultItem>(Query(ControlWire.Item, ("path", path)), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<VaultItem>> ListAsync(string path, CancellationToken cancellation = default) =>
        GetAsync<IReadOnlyList<VaultItem>>(Query(ControlWire.List, ("path", path)), cancellation);

    /// <inheritdoc/>
    public async Task<byte[]> ReadAsync(string path, long offset, int count, CancellationToken cancellation = default)
    {
        var uri = Query(ControlWire.Content, ("path", path), ("offset", Number(offset)), ("count", Number(count)));
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), cancellation).ConfigureAwait(false);
        return await Guard(() => response.Content.ReadAsByteArrayAsync(cancellation)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<VaultItem> WriteAsync(string path, Stream content, WriteMode mode, CancellationToken cancellation = default)
    {
        var uri = Query(ControlWire.Content, ("path", path), ("mode", mode == WriteMode.Append ? "append" : "replace"));
        using var body = new StreamContent(content, 1 << 20);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ControlWire.Bytes);
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = body };
        using var response = await SendAsync(request, cancellation).ConfigureAwait(false);
        return await ReadJsonAsync<VaultItem>(response, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<VaultItem> MakeDirectoryAsync(string path, CancellationToken cancellation = default) =>
        PostAsync<PathRequest, VaultItem>(ControlWire.MakeDirectory, new PathRequest(path), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> SetTreeTypeAsync(string path, TreeType treeType, CancellationToken cancellation = default) =>
        PostAsync<TreeTypeRequest, VaultItem>(ControlWire.TreeType, new TreeTypeRequest(path, treeType), cancellation);

    /// <inheritdoc/>
    public async Task RemovePeerAsync(string name, CancellationToken cancellation = default)
    {
        using var response = await SendAsync(Post(ControlWire.RemovePeer, new NameRequest(name)), cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DeleteRealmAsync(string name, CancellationToken cancellation = default)
    {
        using var response = await SendAsync(Post(ControlWire.DeleteRealm, new NameRequest(name)), cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RemoveAsync(string path, bool recursive, CancellationToken cancellation = default)
    {
        using var response = await SendAsync(Post(ControlWire.Remove, new RemoveRequest(path, recursive)), cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<VaultItem> RenameAsync(string from, string to, bool replace, CancellationToken cancellation = default) =>
        PostAsync<MoveRequest, VaultItem>(ControlWire.Rename, new MoveRequest(from, to, replace), cancellation);

    /// <inheritdoc/>
    public Task<VaultItem> CopyAsync(string from, string to, bool recursive, CancellationToken cancellation = default) =>
        PostAsync<MoveRequest, VaultItem>(ControlWire.Copy, new MoveRequest(from, to, recursive), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<HeatItem>> GetHeatAsync(string? path, int top, CancellationToken cancellation = default) =>
        GetAsync<IReadOnlyList<HeatItem>>(Query(ControlWire.Heat, ("path", path), ("top", Number(top))), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AttentionItem>> GetAttentionAsync(string? path, DateTimeOffset? since, int limit, CancellationToken cancellation = default) =>
        GetAsync<IReadOnlyList<AttentionItem>>(Query(ControlWire.Attention, ("path", path),
            ("since", since?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("limit", Number(limit))), cancellation);

    /// <inheritdoc/>
    public Task<GrantItem> ShareAsync(string path, string peer, AccessMode mode, DateTimeOffset? until, CancellationToken cancellation = default) =>
        PostAsync<ShareRequest, GrantItem>(ControlWire.Grants, new ShareRequest(path, peer, mode, until), cancellation);

    /// <inheritdoc/>
    public async Task<int> RecallAsync(string path, string peer, CancellationToken cancellation = default) =>
        (await PostAsync<RecallRequest, CountAnswer>(ControlWire.Recall, new RecallRequest(path, peer), cancellation).ConfigureAwait(false)).Count;

    /// <inheritdoc/>
    public Task<IReadOnlyList<GrantItem>> GetGrantsAsync(CancellationToken cancellation = default) => GetAsync<IReadOnlyList<GrantItem>>(ControlWire.Grants, cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<PeerItem>> GetPeersAsync(CancellationToken cancellation = default) => GetAsync<IReadOnlyList<PeerItem>>(ControlWire.Peers, cancellation);

    /// <inheritdoc/>
    public async Task<string> CreateInviteAsync(CancellationToken cancellation = default) =>
        (await GetAsync<InviteAnswer>(ControlWire.Invite, cancellation).ConfigureAwait(false)).Invite;

    /// <inheritdoc/>
    public Task<PeerItem> AddPeerAsync(string name, string invite, bool autoAccept, CancellationToken cancellation = default) =>
        PostAsync<AddPeerRequest, PeerItem>(ControlWire.Peers, new AddPeerRequest(name, invite, autoAccept), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<RealmItem>> GetRealmsAsync(CancellationToken cancellation = default) => GetAsync<IReadOnlyList<RealmItem>>(ControlWire.Realms, cancellation);

    /// <inheritdoc/>
    public Task<RealmItem> CreateRealmAsync(string name, IReadOnlyList<string> members, CancellationToken cancellation = default) =>
        PostAsync<RealmRequest, RealmItem>(ControlWire.Realms, new RealmRequest(name, members), cancellation);

    /// <inheritdoc/>
    public Task<CheckReport> CheckAsync(bool repair, IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default) =>
        MaintainAsync<CheckReport>(Query(ControlWire.Check, ("repair", repair ? "true" : "false")), progress, cancellation);

    /// <inheritdoc/>
    public Task<CollectReport> CollectGarbageAsync(IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default) =>
        MaintainAsync<CollectReport>(ControlWire.Collect, progress, cancellation);

    /// <inheritdoc/>
    /// <remarks>Returns once the daemon's control socket stops answering (the mount is gone; the daemon is flushing
    /// and exiting), or after <see cref="UnmountPatience"/> with <see cref="ControlErrorKind.Busy"/>.</remarks>
    public async Task UnmountAsync(CancellationToken cancellation = default)
    {
        using (await SendAsync(new HttpRequestMessage(HttpMethod.Post, ControlWire.Unmount), cancellation).ConfigureAwait(false))
        {
        }
        var started = TimeProvider.System.GetTimestamp();
        while (await AnswersAsync(_socket, cancellation).ConfigureAwait(false))
        {
            if (TimeProvider.System.GetElapsedTime(started) > UnmountPatience)
            {
                throw new VaultControlException(ControlErrorKind.Busy, $"the daemon accepted the unmount but still serves after {UnmountPatience.TotalSeconds:0} s");
            }
            await Task.Delay(50, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>How long <see cref="UnmountAsync"/> waits for the daemon to go (60 s).</summary>
    public static readonly TimeSpan UnmountPatience = TimeSpan.FromSeconds(60);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    // Offers, consent and peer limits.

    /// <inheritdoc/>
    public Task<IReadOnlyList<PeerItem>> ListPeersAsync(bool includeRemoved, CancellationToken cancellation = default) =>
        GetAsync<IReadOnlyList<PeerItem>>(Query(ControlWire.PeerStates, ("removed", includeRemoved ? "true" : "false")), cancellation);

    /// <inheritdoc/>
    public Task<IReadOnlyList<OfferItem>> GetOffersAsync(CancellationToken cancellation = default) => GetAsync<IReadOnlyList<OfferItem>>(ControlWire.Offers, cancellation);

    /// <inheritdoc/>
    public Task<OfferItem> AcceptOfferAsync(string id, CancellationToken cancellation = default) =>
        PostAsync<OfferRequest, OfferItem>(ControlWire.AcceptOffer, new OfferRequest(id), cancellation);

    /// <inheritdoc/>
    public Task<OfferItem> DeclineOfferAsync(string id, CancellationToken cancellation = default) =>
        PostAsync<OfferRequest, OfferItem>(ControlWire.DeclineOffer, new OfferRequest(id), cancellation);

    /// <inheritdoc/>
    public Task<PeerItem> SetPeerQuotaAsync(string name, long? bytes, long? entries, CancellationToken cancellation = default) =>
        PostAsync<PeerQuotaRequest, PeerItem>(ControlWire.PeerQuota, new PeerQuotaRequest(name, bytes, entries), cancellation);

    /// <inheritdoc/>
    public Task<PeerItem> SetAutoAcceptAsync(string name, bool on, CancellationToken cancellation = default) =>
        PostAsync<AutoAcceptRequest, PeerItem>(ControlWire.PeerAutoAccept, new AutoAcceptRequest(name, on), cancellation);

    private async Task<T> MaintainAsync<T>(string uri, IProgress<MaintenanceProgress>? progress, CancellationToken cancellation) where T : class
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, uri), cancellation).ConfigureAwait(false);
        return await Guard(async () =>
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false));
            while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                var entry = JsonSerializer.Deserialize<MaintenanceLine<T>>(line, ControlJson.Options) ?? throw Malformed();
                if (entry.Error is { } error) throw new VaultControlException(error.Kind, error.Message);
                if (entry.Result is { } result) return result;
                if (entry.Progress is { } step) progress?.Report(step);
            }
            throw new VaultControlException(ControlErrorKind.Unavailable, "the daemon ended the answer before the result (did it exit?)");
        }).ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(string uri, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), cancellation).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, cancellation).ConfigureAwait(false);
    }

    private async Task<TAnswer> PostAsync<TRequest, TAnswer>(string uri, TRequest body, CancellationToken cancellation)
    {
        using var response = await SendAsync(Post(uri, body), cancellation).ConfigureAwait(false);
        return await ReadJsonAsync<TAnswer>(response, cancellation).ConfigureAwait(false);
    }

    private static HttpRequestMessage Post<TRequest>(string uri, TRequest body) =>
        new(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: ControlJson.Options) };

    /// <summary>Sends <paramref name="request"/> and returns a successful answer; a failed one is thrown as its <see cref="ErrorAnswer"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            var response = await Guard(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation)).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return response;
            using (response)
            {
                ErrorAnswer? error = null;
                try
                {
                    error = await response.Content.ReadFromJsonAsync<ErrorAnswer>(ControlJson.Options, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is JsonException or NotSupportedException or HttpRequestException or IOException)
                {
                    error = null;
                }
                throw error is null
                    ? new VaultControlException(ControlErrorKind.Internal, $"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase} without a reason")
                    : new VaultControlException(error.Kind, error.Message);
            }
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellation) =>
        await Guard(async () => await response.Content.ReadFromJsonAsync<T>(ControlJson.Options, cancellation).ConfigureAwait(false) ?? throw Malformed()).ConfigureAwait(false);

    /// <summary>Runs <paramref name="work"/>, turning a lost connection into <see cref="ControlErrorKind.Unavailable"/>
    /// and an unreadable answer into <see cref="ControlErrorKind.Internal"/>.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new VaultControlException(ControlErrorKind.Unavailable, $"the vault's daemon does not answer: {e.GetBaseException().Message}", e);
        }
        catch (IOException e)
        {
            throw new VaultControlException(ControlErrorKind.Unavailable, $"the vault's daemon went away: {e.GetBaseException().Message}", e);
        }
        catch (JsonException e)
        {
            throw new VaultControlException(ControlErrorKind.Internal, $"the daemon's answer is not valid JSON: {e.Message}", e);
        }
    }

    private static VaultControlException Malformed() => new(ControlErrorKind.Internal, "the daemon answered an empty or malformed body");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Query(string route, params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!));
        var query = string.Join('&', parts);
        return query.Length == 0 ? route : route + "?" + query;
    }

    // Heat ranking and the attention feed (indra heat, indra top; issue 18).

    /// <inheritdoc/>
    public Task<HeatRanking> GetHeatRankingAsync(string? path, int top, DateTimeOffset? since, CancellationToken cancellation = default) =>
        GetAsync<HeatRanking>(Query(ControlWire.HeatRanking, ("path", path), ("top", Number(top)), ("since", since?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))), cancellation);

    /// <inheritdoc/>
    public Task<AttentionFeed> GetAttentionFeedAsync(long? after, int limit, DateTimeOffset? peersSince, CancellationToken cancellation = default) =>
        GetAsync<AttentionFeed>(Query(ControlWire.AttentionFeed, ("after", after is { } cursor ? Number(cursor) : null), ("limit", Number(limit)),
            ("peersSince", peersSince?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))), cancellation);
}
