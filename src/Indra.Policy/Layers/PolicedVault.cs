using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Policy.Audit;

namespace Indra.Policy.Layers;

/// <summary>
/// The vault filesystem as machine policy lets it be used (docs/policy.md): the one composition the mount and the
/// in-process control API (an unmounted vault opened by a front end) both use, so that quota, restrictions and audit
/// apply to every way in alike.
/// </summary>
public static class PolicedVault
{
    /// <summary>Bytes of the audit trail <c>/.indra/audit.log</c> shows (its newest whole lines).</summary>
    public const int AuditLogShownBytes = 4 << 20;

    /// <summary>
    /// Wraps <paramref name="fileSystem"/> (over <paramref name="vault"/>, a vault on disk) in the layers
    /// <paramref name="policy"/> calls for (<see cref="PolicyLayers.Compose"/>) and attaches <c>/.indra/audit.log</c>
    /// (the trail's newest lines; empty when auditing is off).
    /// </summary>
    /// <returns>The filesystem to serve: <paramref name="fileSystem"/> itself when nothing is restricted. The layers
    /// leave <paramref name="fileSystem"/> to its owner.</returns>
    /// <exception cref="ArgumentException"><paramref name="vault"/> is in memory (it has no directory for the audit trail).</exception>
    public static IVaultFileSystem Compose(VaultFileSystem fileSystem, Vault vault, EffectivePolicy policy, TimeProvider clock)
    {
        var directory = vault.Directory ?? throw new ArgumentException("machine policy applies to a vault on disk", nameof(vault));
        var trail = AuditTrail.For(directory, policy);
        fileSystem.AttachMetaFile("audit.log", () => trail?.Tail(AuditLogShownBytes) ?? "");
        return PolicyLayers.Compose(fileSystem, vault, policy, trail, clock);
    }
}
