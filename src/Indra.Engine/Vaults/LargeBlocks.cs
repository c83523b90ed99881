using Indra.Storage.Blocks;
using Indra.Storage.Blocks.ObjectStore;
using Indra.Storage.Metadata;

namespace Indra.Engine.Vaults;

/// <summary>
/// The tier of a vault's blocks larger than <see cref="Vault.InlineBlockLimit"/>: files under VAULT/blocks, or the
/// object store the vault's settings name (<see cref="ObjectStoreSettings"/>), whose access is checked before the
/// vault opens (one list request), so wrong credentials fail the open with one line.
/// </summary>
internal static class LargeBlocks
{
    /// <summary>Opens the tier of the vault in <paramref name="directory"/>.</summary>
    /// <exception cref="ObjectStoreException">The object store refused the credentials, lacks the bucket or cannot be reached.</exception>
    public static IBlockStore Open(string directory, MetadataStore metadata)
    {
        if (ObjectStoreSettings.Read(metadata) is not { } remote) return new FileBlockStore(Path.Combine(directory, VaultLayout.BlocksDirectory));
        var bucket = new S3Bucket(remote.ToLocation());
        try
        {
            bucket.CheckAccess();
        }
        catch
        {
            bucket.Dispose();
            throw;
        }
        return new S3BlockStore(bucket);
    }

    /// <summary>Checks that <paramref name="settings"/> name a reachable bucket whose credentials are accepted.</summary>
    /// <exception cref="VaultException">They do not (the message says why in one line).</exception>
    public static void Check(ObjectStoreSettings settings)
    {
        try
        {
            using var bucket = new S3Bucket(settings.ToLocation());
            bucket.CheckAccess();
        }
        catch (ObjectStoreException e)
        {
            throw new VaultException(e.Message, e);
        }
    }
}
