using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Indra.Engine.Domain;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;
using Indra.Hashing;

namespace Indra.Sharing.Security;

/// <summary>
/// TLS certificates bound to player identities. Each side presents a self-signed certificate over its player key
/// (the ECDSA P-256 key in <c>VAULT/identity.key</c>); the other side accepts it only when BLAKE3 of the certificate's
/// SubjectPublicKeyInfo equals the player id it paired with. Names, issuers and chains are ignored: the key is the
/// identity, and TLS 1.3's CertificateVerify proves possession of it.
/// </summary>
public static class PeerCertificates
{
    /// <summary>The player id a certificate speaks for: BLAKE3 of its SubjectPublicKeyInfo DER.</summary>
    public static PlayerId PlayerIdOf(X509Certificate certificate)
    {
        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var cert = (certificate as X509Certificate2) ?? owned!;
        return new PlayerId(Blake3.Hash(cert.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Loads the vault's player key and makes a fresh self-signed certificate over it (valid one year).</summary>
    /// <param name="vault">An open vault with a directory (not in-memory).</param>
    /// <exception cref="SharingException">The key file is missing, unreadable, open to group or others
    /// (<see cref="PlayerIdentity.RequireOwnerOnly"/>), or does not match the vault's player id.</exception>
    public static X509Certificate2 CreateFor(Vault vault)
    {
        if (vault.Directory is null) throw new SharingException("sharing needs a vault on disk (its player key is in identity.key)");
        using var key = ECDsa.Create();
        var path = Path.Combine(vault.Directory, VaultLayout.IdentityFile);
        try
        {
            PlayerIdentity.RequireOwnerOnly(path);
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (UnprotectedKeyException e)
        {
            throw new SharingException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new SharingException($"cannot load the player key of {vault.Directory}: {e.Message}", e);
        }
        if (new PlayerId(Blake3.Hash(key.ExportSubjectPublicKeyInfo())) != vault.Player) throw new SharingException("identity.key does not match the vault's player id");
        return CreateSelfSigned(key, vault.Player);
    }

    /// <summary>A self-signed certificate over <paramref name="key"/>, usable for both TLS server and client authentication.</summary>
    public static X509Certificate2 CreateSelfSigned(ECDsa key, PlayerId playerId)
    {
        var request = new CertificateRequest($"CN=indra-{playerId.ToString()[..16]}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        // A PKCS#12 round trip gives a certificate whose private key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
