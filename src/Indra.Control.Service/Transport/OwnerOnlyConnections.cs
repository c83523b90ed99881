using System.Buffers;
using System.Text;
using Indra.Control.Service.Interop.Unix;
using Indra.Control.Wire;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Transport;

/// <summary>
/// Admits a connection to the control socket only from the vault's owner (the daemon's own uid) or root, by the
/// kernel's word (SO_PEERCRED), before a byte of the request is parsed; anyone else gets one fixed 403 answer and the
/// connection is closed. Root is admitted: it can read the vault's files and the daemon's memory anyway.
/// Before closing, the refused request's head is read and dropped (at most <see cref="DrainBytes"/> bytes and
/// <see cref="DrainTime"/>): a Unix socket closed with unread data resets its peer (ECONNRESET), which would throw the
/// 403 away before the caller read it.
/// </summary>
internal sealed class OwnerOnlyConnections(uint owner, ILogger log)
{
    /// <summary>Most bytes of a refused request read and dropped before the connection is closed.</summary>
    internal const int DrainBytes = 16 * 1024;

    /// <summary>Longest wait for a refused request's head before the connection is closed anyway.</summary>
    internal static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(1);

    private static readonly byte[] Refusal = BuildRefusal();
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>The connection middleware (Kestrel <c>ListenOptions.Use</c>).</summary>
    public async Task AdmitAsync(ConnectionContext connection, Func<Task> next)
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        var peer = socket is null ? null : PeerCredentials.Of(socket);
        if (peer is { } credential && (credential.Uid == owner || credential.Uid == 0))
        {
            // Kept with the connection: each request on it names this caller to the audit layer (ControlCaller).
            connection.Items[ControlCaller.ConnectionKey] = new Indra.FileSystem.CallerContext(credential.Uid, credential.Gid, credential.Pid);
            await next().ConfigureAwait(false);
            return;
        }
        log.LogWarning("refused a control connection from uid {Uid} (pid {Pid}): only uid {Owner} and root may use the control socket",
            peer?.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", peer?.Pid ?? 0, owner);
        await connection.Transport.Output.WriteAsync(Refusal).ConfigureAwait(false);
        await DrainRequestHeadAsync(connection.Transport.Input).ConfigureAwait(false);
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Reads and drops input until a request head's end, the end of input, <see cref="DrainBytes"/> or <see cref="DrainTime"/>.</summary>
    private static async Task DrainRequestHeadAsync(System.IO.Pipelines.PipeReader input)
    {
        using var timeout = new CancellationTokenSource(DrainTime);
        var seen = 0L;
        var tail = Array.Empty<byte>();
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var bytes = read.Buffer;
                // The head's end may straddle two reads: look at the last 3 bytes of the previous one too.
                var window = new byte[tail.Length + (int)Math.Min(bytes.Length, DrainBytes)];
                tail.CopyTo(window, 0);
                bytes.Slice(0, window.Length - tail.Length).CopyTo(window.AsSpan(tail.Length));
                seen += bytes.Length;
                input.AdvanceTo(bytes.End);
                if (window.AsSpan().IndexOf(HeadEnd) >= 0 || read.IsCompleted || seen >= DrainBytes) return;
                tail = window[Math.Max(0, window.Length - (HeadEnd.Length - 1))..];
            }
        }
        catch (OperationCanceledException)
        {
            // No whole head in time: close anyway.
        }
    }

    /// <summary>Decides like <see cref="AdmitAsync"/> for the user <paramref name="uid"/> (tests).</summary>
    internal bool Admits(uint uid) => uid == owner || uid == 0;

    private static byte[] BuildRefusal()
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new ErrorAnswer(ControlErrorKind.PermissionDenied, "only the vault's owner may use its control socket"), ControlJson.Options);
        var head = $"HTTP/1.1 403 Forbidden\r\nContent-Type: {ControlWire.Json}\r\nContent-Length: {body.Length}\r\n{ControlWire.VersionHeader}: {ControlLimits.Version}\r\nConnection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }
}
