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
        using var stream = new FileStream(path, Storage.OwnerOnly.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None));
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Loads the identity saved at <paramref name="path"/>, refusing a key file other users may read or write.</summary>
    /// <exception cref="UnprotectedKeyException">The file has group or other permissions (<see cref="RequireOwnerOnly"/>).</exception>
    /// <exception cref="IOException">Missing or unreadable.</exception>
    /// <exception cref="CryptographicException">Not a valid key.</exception>
    public static PlayerIdentity Load(string path)
    {
        RequireOwnerOnly(path);
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new PlayerIdentity(key);
    }

    /// <summary>
    /// Refuses the key file <paramref name="path"/> when any group or other permission bit is set (mode &amp; 0077), as
    /// OpenSSH refuses an unprotected private key: a key others could read lets them act as this player. Checked by
    /// every load, so every verb that needs the key refuses it with the same line. Nothing is checked on Windows.
    /// </summary>
    /// <exception cref="UnprotectedKeyException">The file is open to group or others.</exception>
    /// <exception cref="IOException">The file is missing or its mode cannot be read.</exception>
    public static void RequireOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & Storage.OwnerOnly.OthersMask) != 0) throw new UnprotectedKeyException(path, mode);
    }

    /// <summary>Signs <paramref name="data"/> (ECDSA P-256, SHA-256, IEEE P1363 format).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256);

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
