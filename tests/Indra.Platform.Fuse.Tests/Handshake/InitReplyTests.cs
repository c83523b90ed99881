using System.Buffers.Binary;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Tests.Handshake;

/// <summary>How <see cref="KillPrivV2"/> amends the session's first message and leaves every other one alone.</summary>
[TestFixture]
public sealed unsafe class InitReplyTests
{
    private static (byte[] Header, byte[] Body) Message(int error, int bodyLength = 64, uint flags = 0x1234)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(16 + bodyLength));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), error);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), 2);
        var body = new byte[bodyLength];
        if (bodyLength >= 16)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), flags);
        }
        return (header, body);
    }

    private static uint Amend((byte[] Header, byte[] Body) message, ref int seen)
    {
        fixed (byte* header = message.Header)
        fixed (byte* body = message.Body)
        {
            IoVec* iov = stackalloc IoVec[2];
            iov[0] = new IoVec { Base = header, Length = (nuint)message.Header.Length };
            iov[1] = new IoVec { Base = body, Length = (nuint)message.Body.Length };
            KillPrivV2.AmendInitReply(iov, 2, ref seen);
        }
        return message.Body.Length >= 16 ? BinaryPrimitives.ReadUInt32LittleEndian(message.Body.AsSpan(12)) : 0;
    }

    [Test]
    public void The_first_successful_init_reply_gains_the_flag_and_keeps_the_others()
    {
        int seen = 0;
        Assert.That(Amend(Message(0), ref seen), Is.EqualTo(0x1234u | KillPrivV2.Flag));
        Assert.That(KillPrivV2.Flag, Is.EqualTo(1u << 28), "FUSE_HANDLE_KILLPRIV_V2 in fuse_kernel.h 7.33");
    }

    [Test]
    public void Only_the_first_message_is_looked_at()
    {
        int seen = 0;
        Amend(Message(0), ref seen);
        Assert.That(Amend(Message(0), ref seen), Is.EqualTo(0x1234u), "a later 64-byte reply (a READ, say) is data");
    }

    [Test]
    public void An_error_reply_or_another_shape_is_left_alone()
    {
        int seen = 0;
        Assert.That(Amend(Message(-71), ref seen), Is.EqualTo(0x1234u));
        seen = 0;
        Assert.That(Amend(Message(0, bodyLength: 24), ref seen), Is.EqualTo(0x1234u), "a pre-7.23 INIT reply");
    }
}
