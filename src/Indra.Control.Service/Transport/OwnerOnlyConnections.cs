using System.Text;
using Indra.Control.Service.Interop.Unix;
using Indra.Control.Wire;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Indra.Control.Service.Transport;

/// <summary>
/// Admits a connection to the control socket only from the vault's owner (the daemon's own uid) or root, by the
/// kernel's word (SO_PEERCRED), before a byte of the request is read; anyone else gets one fixed 403 answer and the
/// connection is closed. Root is admitted: it can read the vault's files and the daemon's memory anyway.
/// </summary>
internal sealed class OwnerOnlyConnections(uint owner, ILogger log)
{
    private static readonly byte[] Refusal = BuildRefusal();

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
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
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
