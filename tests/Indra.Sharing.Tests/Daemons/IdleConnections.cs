using System.Net;
using System.Net.Sockets;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Plain TCP connections to a port that never send a byte (no TLS ClientHello), or only the first bytes of one (a
/// stalled handshake), kept at <c>count</c>: each one the server closes is opened again at once, until disposed, as a
/// peer-less attacker who can reach the port would.
/// </summary>
internal sealed class IdleConnections : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _slots;
    private int _connected;
    private long _opened;

    /// <param name="port">The port on 127.0.0.1.</param>
    /// <param name="count">Connections held at once.</param>
    /// <param name="opening">Bytes sent on each connection right after connecting, then nothing more (none: idle).</param>
    internal IdleConnections(int port, int count, byte[]? opening = null) =>
        _slots = Enumerable.Range(0, count).Select(_ => Task.Run(() => HoldAsync(port, opening ?? [], _stop.Token))).ToArray();

    /// <summary>The first three bytes of a TLS record carrying a handshake message (content type 22, version 3.1): a
    /// ClientHello begun and never finished.</summary>
    internal static byte[] StalledClientHello => [0x16, 0x03, 0x01];

    /// <summary>Connections open now (from our side).</summary>
    internal int Connected => Volatile.Read(ref _connected);

    /// <summary>Connections opened so far, reopenings included.</summary>
    internal long Opened => Interlocked.Read(ref _opened);

    private async Task HoldAsync(int port, byte[] opening, CancellationToken stop)
    {
        var buffer = new byte[1];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop).ConfigureAwait(false);
                if (opening.Length > 0) await socket.SendAsync(opening, SocketFlags.None, stop).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _opened);
            Interlocked.Increment(ref _connected);
            try
            {
                // Returns 0 (or throws) once the server closes the connection.
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // Reset by the server, or the end of the attack.
            }
            finally
            {
                Interlocked.Decrement(ref _connected);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll(_slots, TimeSpan.FromSeconds(30));
        }
        catch (AggregateException e)
        {
            TestContext.Out.WriteLine($"idle connections ended: {e.InnerException?.Message}");
        }
        _stop.Dispose();
    }
}
