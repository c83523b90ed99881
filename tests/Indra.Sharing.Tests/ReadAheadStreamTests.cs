using System.Net;
using System.Net.Sockets;
using Indra.Sharing.Client;

namespace Indra.Sharing.Tests;

/// <summary>The run connections' read buffer under TLS: short reads come from one larger read of the connection.</summary>
[TestFixture]
public sealed class ReadAheadStreamTests
{
    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    [Test]
    public async Task ShortReads_AreServedFromOneReadOfTheBufferSize()
    {
        var data = Bytes(100);
        var inner = new MemoryStream(data);
        await using var stream = new ReadAheadStream(inner, 32);

        var first = new byte[10];
        Assert.That(await stream.ReadAsync(first), Is.EqualTo(10));
        Assert.That(inner.Position, Is.EqualTo(32), "the first short read filled the whole buffer");
        var second = new byte[30];
        Assert.That(await stream.ReadAsync(second), Is.EqualTo(22), "a read takes what the buffer still holds, no more");
        Assert.That(inner.Position, Is.EqualTo(32), "and does not read the connection meanwhile");
        Assert.That(first.Concat(second.Take(22)), Is.EqualTo(data.Take(32)));
    }

    [Test]
    public void AReadAsLongAsTheBuffer_GoesStraightToTheConnection_AndZeroByteReadsWaitOnlyWhenEmpty()
    {
        var data = Bytes(100);
        var inner = new MemoryStream(data);
        using var stream = new ReadAheadStream(inner, 32);

        var large = new byte[40];
        Assert.That(stream.Read(large), Is.EqualTo(40));
        Assert.That(inner.Position, Is.EqualTo(40), "read directly, not through the buffer");
        Assert.That(large, Is.EqualTo(data.Take(40)));

        Assert.That(stream.Read(new byte[1]), Is.EqualTo(1));
        Assert.That(inner.Position, Is.EqualTo(72));
        Assert.That(stream.Read(Span<byte>.Empty), Is.Zero);
        Assert.That(inner.Position, Is.EqualTo(72), "a zero-byte read while bytes are buffered does not touch the connection");
    }

    [Test]
    public async Task OverATcpConnection_EveryByteArrivesInOrder_AndWritesGoThrough()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = await listener.AcceptTcpClientAsync();
        await using var stream = new ReadAheadStream(client.GetStream(), 64 * 1024);
        var data = Bytes(3 * 1024 * 1024 + 17);
        var peer = server.GetStream();

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < data.Length; i += 5000) await peer.WriteAsync(data.AsMemory(i, Math.Min(5000, data.Length - i)));
            server.Client.Shutdown(SocketShutdown.Send);
        });
        var received = new MemoryStream();
        var chunk = new byte[16 * 1024 + 29];
        int n;
        while ((n = await stream.ReadAsync(chunk)) > 0) received.Write(chunk, 0, n);
        await sending;
        Assert.That(received.ToArray(), Is.EqualTo(data));

        await stream.WriteAsync(new byte[] { 1, 2, 3 });
        await stream.FlushAsync();
        var echoed = new byte[3];
        await peer.ReadExactlyAsync(echoed);
        Assert.That(echoed, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
