using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Policy;
using Indra.Policy.Audit;
using Indra.Policy.Layers;
using Indra.Policy.Sources;

namespace Indra.Cli.Hosting;

/// <summary>
/// Machine policy at mount (docs/policy.md): reads it with the user config and the command line's <c>--option</c>s,
/// refuses to mount on an invalid one or on a flag it forbids (one line, exit 1), and stacks the policy layers around
/// the vault filesystem.
/// </summary>
internal static class MountPolicy
{
    /// <summary>Bytes of the audit trail <c>/.indra/audit.log</c> shows (its newest whole lines).</summary>
    internal const int AuditLogShownBytes = 4 << 20;

    /// <summary>The policy in force for a mount with <paramref name="options"/> (<c>SETTING=VALUE</c>).</summary>
    /// <exception cref="CliException">A source is invalid, or <paramref name="allowOther"/> is asked for and not permitted.</exception>
    internal static EffectivePolicy Load(IReadOnlyList<string> options, bool allowOther)
    {
        EffectivePolicy policy;
        try
        {
            policy = EffectivePolicy.Load(PolicyLocations.ForThisMachine(), options);
        }
        catch (PolicyException e)
        {
            throw new CliException(e.Message + "; not mounting");
        }
        if (allowOther && policy.RefuseAllowOther() is { } refused) throw new CliException(refused);
        return policy;
    }

    /// <summary>
    /// Wraps <paramref name="fileSystem"/> in the layers <paramref name="policy"/> calls for and attaches
    /// <c>/.indra/audit.log</c> (the trail's newest lines; empty when auditing is off).
    /// </summary>
    /// <returns>The filesystem to mount.</returns>
    internal static IVaultFileSystem Compose(VaultFileSystem fileSystem, Vault vault, string directory, EffectivePolicy policy, TimeProvider clock)
    {
        var trail = AuditTrail.For(directory, policy);
        fileSystem.AttachMetaFile("audit.log", () => trail?.Tail(AuditLogShownBytes) ?? "");
        return PolicyLayers.Compose(fileSystem, vault, policy, trail, clock);
    }
}
