using System.Text;
using Indra.Engine.Domain;
using Indra.Sharing.Client;
using Indra.Sharing.Security;

namespace Indra.Sharing.Tests;

/// <summary>
/// The manifest long poll (Wire.WaitHeader) between two real services over TLS: a held request is answered as soon as
/// the owner grants something, and an unchanged manifest's request ends when its wait is over.
/// </summary>
[TestFixture]
public sealed class ManifestLongPollTests
{
    [Test]
    public void AHeldManifestRequest_IsAnsweredWhenAGrantIsMade_LongBeforeItsWaitIsOver()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        alice.Write("news.txt", Encoding.UTF8.GetBytes("fresh"));
        using var client = new PeerClient("127.0.0.1", alice.Port, alice.Vault.Player, PeerCertificates.CreateFor(bob.Vault), TimeSpan.FromSeconds(60));
        var (first, etag) = client.GetManifestAsync(null, CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(first!.Grants, Is.Empty);

        // Asks for the longest wait the server grants (25 s); the grant must end it well before.
        var held = client.GetManifestAsync(etag, TimeSpan.FromMinutes(1), CancellationToken.None);
        alice.Sharing.Share("news.txt", "bob", AccessMode.Revocable);
        Assert.That(held.Wait(TimeSpan.FromSeconds(15)), Is.True, "the held request is answered when the grant is made");
        var (changed, newTag) = held.Result;
        Assert.That(changed, Is.Not.Null);
        Assert.That(changed!.Grants.Single().Entries.Single().Path, Is.EqualTo("news.txt"));
        Assert.That(newTag, Is.Not.EqualTo(etag));
    }

    [Test]
    public void AnUnchangedManifest_IsAnsweredNotModifiedOnceTheWaitIsOver()
    {
        using var vaults = new PairedVaults();
        var (alice, bob) = (vaults.Alice, vaults.Bob);
        using var client = new PeerClient("127.0.0.1", alice.Port, alice.Vault.Player, PeerCertificates.CreateFor(bob.Vault), TimeSpan.FromSeconds(60));
        var (_, etag) = client.GetManifestAsync(null, CancellationToken.None).GetAwaiter().GetResult();

        var (manifest, tag) = client.GetManifestAsync(etag, TimeSpan.FromMilliseconds(300), CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(manifest, Is.Null, "304: nothing changed");
        Assert.That(tag, Is.EqualTo(etag));
    }
}
