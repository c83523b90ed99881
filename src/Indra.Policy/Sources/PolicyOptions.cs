using Indra.Policy.Settings;

namespace Indra.Policy.Sources;

/// <summary>Reads the command line's settings: <c>indra mount --option SETTING=VALUE</c>, one per option, the value
/// as <see cref="PolicySetting.FromText"/> reads it (a list comma-separated).</summary>
public static class PolicyOptions
{
    /// <summary>The layer of <paramref name="options"/> (<c>quota.bytes=1048576</c>, <c>nodeTypes=file,directory</c>).</summary>
    /// <exception cref="PolicyException">No '=', an unknown setting, or a value the setting refuses.</exception>
    public static PolicyLayer Parse(IEnumerable<string> options)
    {
        var values = new Dictionary<PolicySetting, object>();
        foreach (var option in options)
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw PolicySource.CommandLine.Invalid($"'{option}' is not SETTING=VALUE");
            var path = option[..equals].Trim();
            var setting = PolicySettings.ByPath(path) ?? throw PolicySource.CommandLine.Invalid($"unknown setting '{path}'");
            try
            {
                values[setting] = setting.FromText(option[(equals + 1)..]);
            }
            catch (PolicyException e)
            {
                throw PolicySource.CommandLine.Invalid(e.Message);
            }
        }
        return new PolicyLayer(PolicySource.CommandLine, values);
    }
}
