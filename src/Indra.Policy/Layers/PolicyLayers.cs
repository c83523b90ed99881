using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Policy.Audit;
using Microsoft.Extensions.Logging;

namespace Indra.Policy.Layers;

/// <summary>
/// Stacks the policy layers a policy calls for around the vault filesystem, outermost first: audit (records only what
/// the layers below let through), restrictions, quota, then the vault filesystem. A layer the policy does not need is
/// left out, so an unrestricted vault runs without any.
/// </summary>
public static class PolicyLayers
{
    /// <summary>Wraps <paramref name="fileSystem"/> (the vault filesystem over <paramref name="vault"/>) as
    /// <paramref name="policy"/> says; <paramref name="trail"/> is the audit trail when auditing is on.</summary>
    /// <returns>The filesystem to mount: <paramref name="fileSystem"/> itself when nothing is restricted. The layers
    /// leave <paramref name="fileSystem"/> to its owner.</returns>
    public static IVaultFileSystem Compose(IVaultFileSystem fileSystem, Vault vault, EffectivePolicy policy, AuditTrail? trail, TimeProvider clock)
    {
        var composed = fileSystem;
        if (policy.QuotaBytes > 0 || policy.QuotaFiles > 0)
        {
            composed = new QuotaLayer(composed, policy.QuotaBytes, policy.QuotaFiles, QuotaLayer.Usage(vault));
        }
        if (policy.ReadOnly || policy.MaxFileSize > 0 || PolicySettingsRestrictNodeTypes(policy))
        {
            composed = new RestrictionsLayer(composed, policy);
        }
        if (trail is not null)
        {
            composed = new AuditLayer(composed, trail, clock, vault.Loggers.CreateLogger<AuditLayer>());
        }
        return composed;
    }

    private static bool PolicySettingsRestrictNodeTypes(EffectivePolicy policy) =>
        ((IReadOnlyList<string>)policy[Settings.PolicySettings.NodeTypes].Value).Count < Settings.PolicySettings.NodeTypeNames.Count;
}
