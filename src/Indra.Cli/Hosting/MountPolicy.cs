using Indra.Policy;
using Indra.Policy.Layers;
using Indra.Policy.Sources;

namespace Indra.Cli.Hosting;

/// <summary>
/// Machine policy at mount (docs/policy.md): reads it with the user config and the command line's <c>--option</c>s,
/// refuses to mount on an invalid one or on a flag it forbids (one line, exit 1). The layers it calls for are stacked by
/// <see cref="PolicedVault"/>, as for the in-process control API.
/// </summary>
internal static class MountPolicy
{
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
}
