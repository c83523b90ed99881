using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Indra.Engine.Identity;
using Indra.Storage;
using Indra.Storage.Blocks.Sealing;

namespace Indra.Engine.Vaults.Keys;

/// <summary>
/// An encrypted vault's key, wrapped, in <c>VAULT/vault.key</c> (JSON, owner-only 0600; refused when group or others
/// may use it). The vault key is 32 random bytes made at <c>indra init --encrypt</c>; it seals every block
/// (<see cref="BlockSeal"/>) and is stored only wrapped: encrypted with AES-256-GCM (random 12-byte nonce, 16-byte tag,
/// associated data "indra vault key v1 " plus the wrap kind) under a key-encryption key derived from
/// <list type="bullet">
/// <item>a passphrase: PBKDF2-HMAC-SHA256 (RFC 8018) over its UTF-8 bytes with a random 16-byte salt and
/// <see cref="PassphraseIterations"/> iterations (the count is stored, so it can rise later), or</item>
/// <item>a key file: HKDF-SHA256 (RFC 5869) over the file's bytes (at least <see cref="MinimumKeyFileBytes"/>) with a
/// random 16-byte salt.</item>
/// </list>
/// A wrong passphrase or key file fails the tag of the wrap, so it is refused before any block is read. A vault
/// without the file is not encrypted.
/// </summary>
public static class VaultKeyFile
{
    /// <summary>The file's name in the vault directory.</summary>
    public const string FileName = "vault.key";

    /// <summary>PBKDF2-HMAC-SHA256 iterations for a passphrase (OWASP's 2023 figure for that function).</summary>
    public const int PassphraseIterations = 600_000;

    /// <summary>Fewest bytes a key file may hold.</summary>
    public const int MinimumKeyFileBytes = 32;

    private const int Format = 1;
    private const string PassphraseWrap = "passphrase";
    private const string KeyFileWrap = "key-file";
    private const string Pbkdf2 = "pbkdf2-sha256";
    private const string Hkdf = "hkdf-sha256";
    private const int SaltLength = 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>The wrapped key's file in <paramref name="directory"/>.</summary>
    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>True when the vault in <paramref name="directory"/> is encrypted (it has <see cref="FileName"/>).</summary>
    public static bool IsEncrypted(string directory) => File.Exists(PathIn(directory));

    /// <summary>
    /// Makes a new random vault key for the vault about to be created in <paramref name="directory"/> and stores it
    /// wrapped by <paramref name="source"/> (the directory is made owner-only if missing). Call before
    /// <see cref="Vault.Create"/>, giving it the same source.
    /// </summary>
    /// <exception cref="VaultException">A key file exists already, the key file given is too short or unreadable, or no passphrase was given.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Create(string directory, VaultKeySource source)
    {
        var path = PathIn(directory);
        if (File.Exists(path)) throw new VaultException($"{path} exists already");
        var vaultKey = RandomNumberGenerator.GetBytes(BlockSeal.KeyLength);
        try
        {
            WriteWrapped(path, vaultKey, source);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(vaultKey);
        }
    }

    /// <summary>
    /// Changes what wraps the key of the encrypted vault in <paramref name="directory"/> (a new passphrase, a key file
    /// instead of a passphrase, or the other way): the vault key is unwrapped with <paramref name="current"/> and
    /// wrapped anew by <paramref name="next"/> (new salt and nonce) into <c>vault.key.new</c>, which is flushed and
    /// renamed over <c>vault.key</c>, and the directory flushed: rename(2) is atomic, so a crash or kill at any point
    /// leaves either the old wrapping or the new one valid, never neither. The vault key itself, hence every sealed
    /// block, is unchanged; a mounted vault keeps running (it holds the key in memory).
    /// </summary>
    /// <exception cref="VaultException">The vault is not encrypted, or <paramref name="current"/> does not unlock it, or
    /// <paramref name="next"/> gives no passphrase or a key file that is too short or unreadable (one line each).</exception>
    /// <exception cref="IOException">The new file cannot be written or renamed.</exception>
    public static void Change(string directory, VaultKeySource current, VaultKeySource next)
    {
        var path = PathIn(directory);
        var vaultKey = Unlock(directory, current) ?? throw new VaultException($"the vault {directory} is not encrypted (it has no {FileName})");
        var staged = path + ".new";
        try
        {
            File.Delete(staged);
            WriteWrapped(staged, vaultKey, next);
            File.Move(staged, path, overwrite: true);
            Storage.Interop.Unix.FsyncDirectory(directory);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(vaultKey);
            File.Delete(staged);
        }
    }

    /// <summary>Writes <paramref name="vaultKey"/> wrapped by <paramref name="source"/> into the new file <paramref name="path"/> (0600, its folder made owner-only if missing), flushed to disk.</summary>
    private static void WriteWrapped(string path, byte[] vaultKey, VaultKeySource source)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var kind = source.KeyFile is null ? PassphraseWrap : KeyFileWrap;
        var iterations = source.KeyFile is null ? PassphraseIterations : 0;
        var kek = DeriveWrappingKey(source, kind, salt, iterations);
        var wrapped = new byte[BlockSeal.KeyLength];
        var tag = new byte[TagLength];
        try
        {
            using (var aes = new AesGcm(kek, TagLength)) aes.Encrypt(nonce, vaultKey, wrapped, tag, Associated(kind));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
        OwnerOnly.CreateFolder(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, OwnerOnly.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None));
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("block_seal", "aes-256-gcm, hkdf-sha256 per block");
            json.WriteString("wrap", kind);
            json.WriteString("kdf", source.KeyFile is null ? Pbkdf2 : Hkdf);
            json.WriteNumber("iterations", iterations);
            json.WriteBase64String("salt", salt);
            json.WriteBase64String("nonce", nonce);
            json.WriteBase64String("wrapped_key", wrapped);
            json.WriteBase64String("tag", tag);
            json.WriteEndObject();
        }
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Checks that <paramref name="source"/> unwraps the key of the vault in <paramref name="directory"/> (nothing to
    /// check when it is not encrypted), so that a front end can refuse a wrong key before it starts a daemon.
    /// </summary>
    /// <exception cref="VaultException">The key is wrong or missing, or the file is damaged (one line).</exception>
    public static void Check(string directory, VaultKeySource? source)
    {
        if (Unlock(directory, source) is { } key) CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>The vault key of the vault in <paramref name="directory"/>, or null when it is not encrypted.</summary>
    /// <param name="directory">The vault directory.</param>
    /// <param name="source">The passphrase or key file; <see cref="VaultKeySource.FromEnvironment"/> when null.</param>
    /// <exception cref="VaultException">The key is wrong or missing, the file is open to others or damaged (one line).</exception>
    internal static byte[]? Unlock(string directory, VaultKeySource? source)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return null;
        source ??= VaultKeySource.FromEnvironment();
        JsonDocument document;
        try
        {
            PlayerIdentity.RequireOwnerOnly(path);
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (UnprotectedKeyException e)
        {
            throw new VaultException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new VaultException($"cannot read the vault key {path}: {e.Message}", e);
        }
        using (document)
        {
            byte[] salt, nonce, wrapped, tag;
            string kind;
            int iterations;
            try
            {
                var root = document.RootElement;
                if (root.GetProperty("format").GetInt32() != Format) throw new VaultException($"{path} has a key format this Indra does not know");
                kind = root.GetProperty("wrap").GetString() ?? "";
                iterations = root.GetProperty("iterations").GetInt32();
                salt = root.GetProperty("salt").GetBytesFromBase64();
                nonce = root.GetProperty("nonce").GetBytesFromBase64();
                wrapped = root.GetProperty("wrapped_key").GetBytesFromBase64();
                tag = root.GetProperty("tag").GetBytesFromBase64();
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new VaultException($"the vault key {path} is damaged: {e.Message}", e);
            }
            if (kind == KeyFileWrap && source.KeyFile is null)
                throw new VaultException($"the vault {directory} is encrypted with a key file: give --key-file PATH (or set {VaultKeySource.KeyFileVariable})");
            if (kind == PassphraseWrap && source.KeyFile is not null)
                throw new VaultException($"the vault {directory} is encrypted with a passphrase, not a key file: leave out --key-file");
            if (wrapped.Length != BlockSeal.KeyLength || nonce.Length != NonceLength || tag.Length != TagLength)
                throw new VaultException($"the vault key {path} is damaged: a field has the wrong length");
            var kek = DeriveWrappingKey(source, kind, salt, iterations);
            var vaultKey = new byte[BlockSeal.KeyLength];
            try
            {
                using var aes = new AesGcm(kek, TagLength);
                aes.Decrypt(nonce, wrapped, tag, vaultKey, Associated(kind));
                return vaultKey;
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new VaultException(kind == KeyFileWrap
                    ? $"wrong key file for vault {directory}: {source.KeyFile} does not unlock its key"
                    : $"wrong passphrase for vault {directory}");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }
    }

    private static byte[] Associated(string kind) => Encoding.ASCII.GetBytes("indra vault key v1 " + kind);

    /// <summary>The key-encryption key: PBKDF2 of the passphrase or HKDF of the key file's bytes.</summary>
    private static byte[] DeriveWrappingKey(VaultKeySource source, string kind, byte[] salt, int iterations)
    {
        if (kind == PassphraseWrap)
        {
            var bytes = Encoding.UTF8.GetBytes(source.Passphrase());
            try
            {
                return Rfc2898DeriveBytes.Pbkdf2(bytes, salt, Math.Max(1, iterations), HashAlgorithmName.SHA256, BlockSeal.KeyLength);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
        byte[] secret;
        try
        {
            secret = File.ReadAllBytes(source.KeyFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VaultException($"cannot read key file {source.KeyFile}: {e.Message}", e);
        }
        try
        {
            if (secret.Length < MinimumKeyFileBytes) throw new VaultException($"key file {source.KeyFile} holds {secret.Length} bytes; it needs at least {MinimumKeyFileBytes} (e.g. head -c 32 /dev/urandom > FILE)");
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, BlockSeal.KeyLength, salt, Encoding.ASCII.GetBytes("indra key file v1"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
