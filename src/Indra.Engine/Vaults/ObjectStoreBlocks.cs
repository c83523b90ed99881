using System.Globalization;
using Indra.Storage.Blocks.ObjectStore;
using Indra.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace Indra.Engine.Vaults;

/// <summary>
/// Opens the object store a vault's settings name (<see cref="ObjectStoreSettings"/>) as the remote behind its block
/// cache (<see cref="BlockTier"/>). Access is checked first with one list request: credentials refused or no such
/// bucket fail the open with one line; a store that does not answer is only logged, so a mount still serves what its
/// cache holds and queues writes until the store returns.
/// </summary>
internal static class ObjectStoreBlocks
{
    /// <summary>The block store of the vault whose metadata is <paramref name="metadata"/>.</summary>
    /// <param name="metadata">The vault's metadata (settings).</param>
    /// <param name="log">Where the one line about an unreachable store goes.</param>
    /// <param name="sealed">The vault is encrypted: its objects are sealed blocks (<see cref="S3BlockStore.Sealed"/>).</param>
    /// <param name="unreachable">Why the store did not answer the access check (it was logged), or null when it answered.</param>
    /// <exception cref="IOException">No object store settings in the vault.</exception>
    /// <exception cref="ObjectStoreAccessException">The store refused the credentials or has no such bucket.</exception>
    public static S3BlockStore Open(MetadataStore metadata, ILogger log, bool @sealed, out string? unreachable)
    {
        unreachable = null;
        var settings = ObjectStoreSettings.Read(metadata) ?? throw new IOException($"the vault names an s3:// block location but no endpoint ({ObjectStoreSettings.EndpointKey})");
        var bucket = new S3Bucket(settings.ToLocation());
        try
        {
            bucket.CheckAccess();
        }
        catch (ObjectStoreAccessException)
        {
            bucket.Dispose();
            throw;
        }
        catch (ObjectStoreException e)
        {
            log.LogWarning("object store unreachable at open (serving from the cache, uploads wait; blocks a crash left behind are collected by the next 'indra gc'): {Reason}", e.Message);
            unreachable = e.Message;
        }
        var blockSize = int.Parse(metadata.GetSetting("block_size") ?? Vault.DefaultBlockSize.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return new S3BlockStore(bucket, blockSize) { Sealed = @sealed };
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
