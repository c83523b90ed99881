using Indra.Storage.Blocks.Cache;

namespace Indra.Engine.Vaults;

/// <summary>Block cache settings that override a vault's stored ones for one open (a mount's options).</summary>
/// <param name="CacheSize">The cache's bound in bytes, or null for the vault's setting.</param>
/// <param name="Durability">What fsync promises, or null for the vault's setting.</param>
public sealed record BlockCacheOverrides(long? CacheSize, CacheDurability? Durability);
