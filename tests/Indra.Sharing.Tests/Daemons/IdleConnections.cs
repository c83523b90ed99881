using System.Net;
using System.Net.Sockets;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Plain TCP connections to a port that never send a byte (no TLS ClientHello), kept at <c>count</c>: each one the
/// server closes is opened again at once, until disposed, as a peer-less attacker who can reach the port would.
/// </summary>
internal sealed class IdleConnections : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _slots;
    private int _connected;
    private long _opened;

    /// <param name="port">The port on 127.0.0.1.</param>
    /// <param name="count">Connections held at once.</param>
    internal IdleConnections(int port, int count) =>
        _slots = Enumerable.Range(0, count).Select(_ => Task.Run(() => HoldAsync(port, _stop.Token))).ToArray();

    /// <summary>Connections open now (from our side).</summary>
    internal int Connected => Volatile.Read(ref _connected);

    /// <summary>Connections opened so far, reopenings included.</summary>
    internal long Opened => Interlocked.Read(ref _opened);

    private async Task HoldAsync(int port, CancellationToken stop)
    {
        var buffer = new byte[1];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop).ConfigureAwait(false);
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
