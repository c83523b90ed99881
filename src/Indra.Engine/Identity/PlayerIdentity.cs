using System.Security.Cryptography;
using Indra.Engine.Domain;
using Indra.Hashing;

namespace Indra.Engine.Identity;

/// <summary>
/// The vault's player: an ECDSA P-256 key pair made at <c>indra init</c>. The player id is the BLAKE3 hash of the
/// public key (SubjectPublicKeyInfo DER), so anyone holding the public key can check it. The private key is kept in
/// <c>identity.key</c> (PKCS#8 PEM) with owner-only permissions (0600).
/// </summary>
public sealed class PlayerIdentity : IDisposable
{
    private readonly ECDsa _key;

    private PlayerIdentity(ECDsa key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        PlayerId = new PlayerId(Blake3.Hash(PublicKey));
    }

    /// <summary>The player id: BLAKE3 of <see cref="PublicKey"/>.</summary>
    public PlayerId PlayerId { get; }

    /// <summary>The public key, SubjectPublicKeyInfo DER bytes.</summary>
    public byte[] PublicKey { get; }

    /// <summary>A fresh identity (not saved).</summary>
    public static PlayerIdentity Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Writes the private key to <paramref name="path"/> readable by the owner only.</summary>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public void Save(string path)
    {
        var pem = _key.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Loads the identity saved at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">Missing or unreadable.</exception>
    /// <exception cref="CryptographicException">Not a valid key.</exception>
    public static PlayerIdentity Load(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new PlayerIdentity(key);
    }

    /// <summary>Signs <paramref name="data"/> (ECDSA P-256, SHA-256, IEEE P1363 format).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256);

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
