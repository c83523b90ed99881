using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Engine.Vaults;

/// <summary>
/// What a <see cref="Vault"/> and every layer above it take from the process rather than decide themselves: the clock
/// all timestamps and deadlines are read from, and the factory of loggers (categories per layer: Indra.Storage,
/// Indra.Engine.*, Indra.FileSystem.*, Indra.Sharing.*, Indra.Platform.*, Indra.Cli.*).
/// </summary>
/// <param name="Clock">The time source; tests pass a fake one to make hours pass instantly.</param>
/// <param name="Loggers">The logger factory; <see cref="NullLoggerFactory"/> logs nothing.</param>
public sealed record VaultServices(TimeProvider Clock, ILoggerFactory Loggers)
{
    /// <summary>The system clock and no logging.</summary>
    public static VaultServices Default { get; } = new(TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>
    /// The passphrase or key file that unlocks an encrypted vault (<see cref="global::Indra.Engine.Vaults.Keys.VaultKeyFile"/>); when null, the
    /// environment's (<see cref="global::Indra.Engine.Vaults.Keys.VaultKeySource.FromEnvironment"/>). Unused for a vault that is not encrypted.
    /// </summary>
    public global::Indra.Engine.Vaults.Keys.VaultKeySource? Keys { get; init; }

    /// <summary>Block cache settings for this open only (<c>indra mount --cache-size/--durability</c>), over the vault's own (<see cref="BlockTier"/>); null keeps the vault's.</summary>
    public BlockCacheOverrides? BlockCache { get; init; }
}
