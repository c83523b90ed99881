using System.Buffers;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Server;

namespace Indra.Sharing.Tests;

/// <summary>The serving budgets' rules on their own: what counts as a whole ClientHello, and per-peer caps that leave
/// other peers' budgets alone.</summary>
[TestFixture]
public sealed class ServingBudgetsTests
{
    [Test]
    public void ClientHelloRecord_IsWholeOnlyWithItsHeaderAndFragment_AndOtherBytesAreNotTls()
    {
        byte[] header = [22, 3, 1, 0, 10];
        Assert.That(ClientHelloRecord.Of(ReadOnlySequence<byte>.Empty), Is.EqualTo(ClientHelloRecord.State.Partial));
        Assert.That(ClientHelloRecord.Of(new ReadOnlySequence<byte>(header[..3])), Is.EqualTo(ClientHelloRecord.State.Partial));
        Assert.That(ClientHelloRecord.Of(new ReadOnlySequence<byte>([.. header, .. new byte[9]])), Is.EqualTo(ClientHelloRecord.State.Partial));
        Assert.That(ClientHelloRecord.Of(new ReadOnlySequence<byte>([.. header, .. new byte[10]])), Is.EqualTo(ClientHelloRecord.State.Whole));
        Assert.That(ClientHelloRecord.Of(new ReadOnlySequence<byte>("GET / HTTP/1.1\r\n"u8.ToArray())), Is.EqualTo(ClientHelloRecord.State.NotTls));
        Assert.That(ClientHelloRecord.Of(new ReadOnlySequence<byte>([22, 3, 1, 0xFF, 0xFF])), Is.EqualTo(ClientHelloRecord.State.NotTls), "longer than any record");
        Assert.That(ClientHelloRecord.Of(new ReadOnlySequence<byte>([22, 3, 1, 0, 0])), Is.EqualTo(ClientHelloRecord.State.NotTls), "an empty record");
    }

    [Test]
    public void PeerAdmission_CapsEachPeerOnItsOwn_AndGivesSlotsBack()
    {
        var admission = new PeerAdmission(maxConnections: 2, maxStreams: 3);
        var (mallory, carol) = (new PlayerId(Blake3.Hash([1])), new PlayerId(Blake3.Hash([2])));
        Assert.That(admission.TryOpenConnection(mallory) && admission.TryOpenConnection(mallory), Is.True);
        Assert.That(admission.TryOpenConnection(mallory), Is.False, "a third connection of the same peer");
        Assert.That(Enumerable.Range(0, 3).All(_ => admission.TryStartRequest(mallory)), Is.True);
        Assert.That(admission.TryStartRequest(mallory), Is.False, "a fourth request of the same peer");
        Assert.That(admission.TryOpenConnection(carol) && admission.TryStartRequest(carol), Is.True, "another peer's budget is untouched");
        admission.EndRequest(mallory);
        admission.CloseConnection(mallory);
        Assert.That(admission.TryStartRequest(mallory) && admission.TryOpenConnection(mallory), Is.True, "slots given back are taken again");
        Assert.That(admission.TryStartRequest(mallory), Is.False);
    }
}
