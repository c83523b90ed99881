using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Indra.Engine.Vaults;

/// <summary>
/// The player key (VAULT/identity.key) as <see cref="MetadataBackup"/> keeps it in the bucket: never in plain text,
/// only sealed with AES-256-GCM (random 12-byte nonce, 16-byte tag, associated data "indra identity backup v1 " plus
/// the wrap kind) under a key derived from
/// <list type="bullet">
/// <item><c>vault-key</c>: the vault key of an encrypted vault, by HKDF-SHA256 (RFC 5869) with a random 16-byte salt and
/// the info "indra identity backup v1", so whoever can unlock the vault can restore its player; or</item>
/// <item><c>passphrase</c>: a passphrase given at backup, by PBKDF2-HMAC-SHA256 (RFC 8018) with a random 16-byte salt
/// and <see cref="PassphraseIterations"/> iterations (stored with it).</item>
/// </list>
/// The sealed form is a small JSON document (<c>PREFIX/metadata/identity.sealed</c>).
/// </summary>
public static class IdentityBackup
{
    /// <summary>Wrap kind: sealed under a key derived from the vault key.</summary>
    public const string VaultKeyWrap = "vault-key";

    /// <summary>Wrap kind: sealed under a key derived from a passphrase.</summary>
    public const string PassphraseWrap = "passphrase";

    /// <summary>PBKDF2-HMAC-SHA256 iterations for a passphrase (as the vault key's wrap).</summary>
    public const int PassphraseIterations = Keys.VaultKeyFile.PassphraseIterations;

    private const int Format = 1;
    private const int KeyLength = 32;
    private const int SaltLength = 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("indra identity backup v1");

    /// <summary>Seals the player key file's bytes under a key derived from <paramref name="secret"/>.</summary>
    /// <param name="identity">The bytes of identity.key.</param>
    /// <param name="wrap"><see cref="VaultKeyWrap"/> (secret: the 32-byte vault key) or <see cref="PassphraseWrap"/> (secret: the passphrase's UTF-8 bytes).</param>
    /// <param name="secret">The vault key or passphrase bytes (not kept).</param>
    /// <returns>The sealed document's bytes.</returns>
    public static byte[] Seal(ReadOnlySpan<byte> identity, string wrap, ReadOnlySpan<byte> secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var iterations = wrap == PassphraseWrap ? PassphraseIterations : 0;
        var key = Derive(wrap, secret, salt, iterations);
        var sealedBytes = new byte[identity.Length];
        var tag = new byte[TagLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(nonce, identity, sealedBytes, tag, Associated(wrap));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["format"] = Format,
            ["wrap"] = wrap,
            ["iterations"] = iterations,
            ["salt"] = Convert.ToBase64String(salt),
            ["nonce"] = Convert.ToBase64String(nonce),
            ["sealed_identity"] = Convert.ToBase64String(sealedBytes),
            ["tag"] = Convert.ToBase64String(tag),
        });
    }

    /// <summary>The wrap kind of a sealed document (to know which secret to ask for).</summary>
    /// <exception cref="VaultException">Not a sealed identity this Indra knows.</exception>
    public static string WrapOf(byte[] document) => Parse(document).Wrap;

    /// <summary>Opens a sealed document with <paramref name="secret"/>.</summary>
    /// <returns>The bytes of identity.key.</returns>
    /// <exception cref="VaultException">The secret is wrong, or the document is damaged (one line).</exception>
    public static byte[] Open(byte[] document, ReadOnlySpan<byte> secret)
    {
        var parsed = Parse(document);
        var key = Derive(parsed.Wrap, secret, parsed.Salt, parsed.Iterations);
        var identity = new byte[parsed.Sealed.Length];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(parsed.Nonce, parsed.Sealed, parsed.Tag, identity, Associated(parsed.Wrap));
            return identity;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new VaultException(parsed.Wrap == PassphraseWrap
                ? "wrong passphrase for the player key in the backup"
                : "the vault key does not open the player key in the backup (damaged, or from another vault)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Associated(string wrap) => Encoding.ASCII.GetBytes("indra identity backup v1 " + wrap);

    private static byte[] Derive(string wrap, ReadOnlySpan<byte> secret, byte[] salt, int iterations)
    {
        switch (wrap)
        {
            case VaultKeyWrap:
                var key = new byte[KeyLength];
                HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt, Info);
                return key;
            case PassphraseWrap:
                return Rfc2898DeriveBytes.Pbkdf2(secret, salt, Math.Max(1, iterations), HashAlgorithmName.SHA256, KeyLength);
            default:
                throw new VaultException($"the player key in the backup is sealed by '{wrap}', which this Indra does not know");
        }
    }

    private static (string Wrap, int Iterations, byte[] Salt, byte[] Nonce, byte[] Sealed, byte[] Tag) Parse(byte[] document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            if (root.GetProperty("format").GetInt32() != Format) throw new VaultException("the player key in the backup has a format this Indra does not know");
            var parsed = (root.GetProperty("wrap").GetString() ?? "", root.GetProperty("iterations").GetInt32(), root.GetProperty("salt").GetBytesFromBase64(),
                root.GetProperty("nonce").GetBytesFromBase64(), root.GetProperty("sealed_identity").GetBytesFromBase64(), root.GetProperty("tag").GetBytesFromBase64());
            if (parsed.Item4.Length != NonceLength || parsed.Item6.Length != TagLength) throw new VaultException("the player key in the backup is damaged: a field has the wrong length");
            return parsed;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new VaultException($"the player key in the backup is damaged: {e.Message}", e);
        }
    }
}
