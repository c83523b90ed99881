namespace Indra.Engine.Vaults;

/// <summary>
/// What fsck found when it listed the store behind a vault's block cache (<see cref="BlockTier.AuditRemote"/>); the
/// problems themselves (missing, corrupt and unreferenced objects) are reported by the checker like any block's.
/// </summary>
/// <param name="Location">The store: <c>s3://BUCKET/PREFIX</c>, or the directory of a directory remote.</param>
/// <param name="Objects">Blocks the store holds (objects under <c>PREFIX/blocks/</c> named as blocks).</param>
/// <param name="Bytes">Their size in bytes as stored (sealed blocks included their seal).</param>
/// <param name="Queued">Blocks waiting in the cache for upload: checked in the cache, their only copy so far.</param>
public sealed record ObjectStoreAudit(string Location, long Objects, long Bytes, long Queued);
