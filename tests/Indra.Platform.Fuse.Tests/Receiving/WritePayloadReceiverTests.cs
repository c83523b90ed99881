using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Indra.Platform.Fuse.Hosting;

namespace Indra.Platform.Fuse.Tests.Receiving;

/// <summary>
/// How <see cref="WritePayloadReceiver"/> reads requests: a WRITE's payload into aligned memory of the thread, every
/// other request into libfuse's buffer exactly as read(2) would have (here from a file holding one request).
/// </summary>
[TestFixture]
public sealed unsafe class WritePayloadReceiverTests
{
    /// <summary>libfuse 3.14's request buffer: 256 pages of payload and one of headers.</summary>
    private const int LibfuseBufferSize = (256 + 1) * 4096;

    private string _file = null!;
    private byte* _buffer;

    [SetUp]
    public void Allocate()
    {
        _file = Path.Combine(Path.GetTempPath(), "indra-request-" + Guid.NewGuid().ToString("N")[..8]);
        _buffer = (byte*)NativeMemory.Alloc(LibfuseBufferSize);
    }

    [TearDown]
    public void Free()
    {
        NativeMemory.Free(_buffer);
        File.Delete(_file);
    }

    /// <summary>A request: <c>fuse_in_header</c> (len, opcode, unique, nodeid, ...), then <paramref name="body"/> bytes.</summary>
    private static byte[] Request(uint opcode, int body)
    {
        var request = RandomNumberGenerator.GetBytes(40 + body);
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), opcode);
        return request;
    }

    /// <summary>Reads <paramref name="request"/> through the receiver as libfuse would (its read function, its buffer).</summary>
    private long Receive(byte[] request)
    {
        File.WriteAllBytes(_file, request);
        using var handle = File.OpenHandle(_file);
        var read = (delegate* unmanaged[Cdecl]<int, byte*, nuint, nint, nint>)WritePayloadReceiver.ReadAddress;
        return read((int)handle.DangerousGetHandle(), _buffer, LibfuseBufferSize, 0);
    }

    private byte[] LibfuseBuffer(int length) => new ReadOnlySpan<byte>(_buffer, length).ToArray();

    [TestCase(4096)]
    [TestCase(1 << 20)]
    [TestCase(100)]
    public void A_write_payload_lands_at_the_start_of_aligned_memory(int payload)
    {
        var request = Request(16, 40 + payload);
        Assert.That(Receive(request), Is.EqualTo(request.Length));
        Assert.That(LibfuseBuffer(80), Is.EqualTo(request[..80]), "the headers are where libfuse reads them");
        byte* data = WritePayloadReceiver.PayloadOf(_buffer + 80, payload, out bool lent);
        try
        {
            Assert.That(lent, Is.True);
            Assert.That((long)data % 4096, Is.Zero);
            Assert.That(new ReadOnlySpan<byte>(data, payload).ToArray(), Is.EqualTo(request[80..]));
        }
        finally
        {
            WritePayloadReceiver.EndWrite();
        }
        Assert.That(WritePayloadReceiver.PayloadOf(_buffer + 80, payload, out lent) == _buffer + 80 && !lent, Is.True,
            "a payload is handed out once");
    }

    [TestCase(21u, 300)]
    [TestCase(21u, 64 * 1024)]
    [TestCase(1u, 20)]
    [TestCase(16u, 20)]
    public void Any_other_request_is_left_in_libfuses_buffer_as_it_was_read(uint opcode, int body)
    {
        var request = Request(opcode, body);
        Assert.That(Receive(request), Is.EqualTo(request.Length));
        Assert.That(LibfuseBuffer(request.Length), Is.EqualTo(request));
        Assert.That(WritePayloadReceiver.PayloadOf(_buffer + 80, 8, out bool lent) == _buffer + 80, Is.True);
        Assert.That(lent, Is.False);
    }

    [Test]
    public void A_write_payload_looked_for_elsewhere_is_put_back_together_there()
    {
        var request = Request(16, 40 + 8192);
        Assert.That(Receive(request), Is.EqualTo(request.Length));
        // Where a protocol older than 7.9 would put it (a 24-byte fuse_write_in): the request is restored whole.
        byte* data = WritePayloadReceiver.PayloadOf(_buffer + 64, 8192, out bool lent);
        Assert.That(data == _buffer + 64, Is.True);
        Assert.That(lent, Is.False);
        Assert.That(LibfuseBuffer(request.Length), Is.EqualTo(request));
    }

    [Test]
    public void A_failed_read_reports_its_errno()
    {
        var read = (delegate* unmanaged[Cdecl]<int, byte*, nuint, nint, nint>)WritePayloadReceiver.ReadAddress;
        Assert.That((long)read(-1, _buffer, LibfuseBufferSize, 0), Is.EqualTo(-1L));
        Assert.That(Marshal.GetLastSystemError(), Is.EqualTo(9), "EBADF");
    }
}
