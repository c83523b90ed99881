using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Protocol;
using Indra.Sharing.Sync;

namespace Indra.Sharing.Tests;

/// <summary>What a peer's manifest becomes once checked (<see cref="IncomingGrant.FromManifest"/>).</summary>
[TestFixture]
public sealed class IncomingGrantTests
{
    private static readonly PlayerId Peer = new(Blake3.Hash("peer"u8));
    private static readonly string Byte = Blake3.Hash("x"u8).ToString();

    [Test]
    public void TheAudience_IsKeptOnTheRootEntryOnly_SoALongListIsStoredOnce()
    {
        var other = new PlayerId(Blake3.Hash("other"u8));
        var manifest = Manifest([Peer.ToString(), other.ToString()]);
        var entries = IncomingGrant.FromManifest(manifest, Peer).Single().Entries;
        Assert.That(entries.Select(e => e.Path), Is.EqualTo(new[] { "docs", "docs/a", "docs/b" }));
        Assert.That(entries[0].Audience, Is.EquivalentTo(new[] { Peer, other }));
        Assert.That(entries.Skip(1).Select(e => e.Audience.Count), Is.All.Zero);
    }

    [Test]
    public void AnAudienceOverItsBound_RefusesTheManifest()
    {
        var audience = Enumerable.Range(0, IncomingGrant.MaxAudience + 1).Select(i => new PlayerId(Blake3.Hash(BitConverter.GetBytes(i))).ToString()).ToList();
        Assert.Throws<PeerProtocolException>(() => IncomingGrant.FromManifest(Manifest(audience), Peer));
        Assert.That(IncomingGrant.FromManifest(Manifest(audience[..IncomingGrant.MaxAudience]), Peer), Has.Count.EqualTo(1));
    }

    private static ManifestDto Manifest(IReadOnlyList<string> audience) =>
        new(Peer.ToString(), [new GrantDto("ab12", "Revocable", 0, audience,
        [
            new EntryDto("docs", true, 0, Blake3.Hash("docs"u8).ToString(), 0, []),
            new EntryDto("docs/a", false, 1, Byte, 0, [new BlockDto(Byte, 1)]),
            new EntryDto("docs/b", false, 1, Byte, 0, [new BlockDto(Byte, 1)]),
        ])]);
}
