namespace Indra.Policy.Sources;

/// <summary>A source of settings: its kind and where it is (a file path, a registry key; null for the command line
/// and the defaults).</summary>
/// <param name="Kind">What kind of source.</param>
/// <param name="Location">The file or registry key, or null.</param>
public sealed record PolicySource(PolicySourceKind Kind, string? Location)
{
    /// <summary>The defaults of docs/policy.md.</summary>
    public static readonly PolicySource Defaults = new(PolicySourceKind.Default, null);

    /// <summary>The command line.</summary>
    public static readonly PolicySource CommandLine = new(PolicySourceKind.CommandLine, null);

    /// <summary>The source's name as <c>indra policy</c> prints it: <c>machine policy (PATH)</c>, <c>user config
    /// (PATH)</c>, <c>command line</c> or <c>default</c>.</summary>
    public string Describe() => Kind switch
    {
        PolicySourceKind.MachinePolicy => $"machine policy ({Location})",
        PolicySourceKind.UserConfig => $"user config ({Location})",
        PolicySourceKind.CommandLine => "command line",
        _ => "default",
    };

    /// <summary>The one-line error for <paramref name="reason"/> found in this source:
    /// <c>invalid machine policy PATH: REASON</c>.</summary>
    public PolicyException Invalid(string reason) => Kind switch
    {
        PolicySourceKind.MachinePolicy => new($"invalid machine policy {Location}: {reason}"),
        PolicySourceKind.UserConfig => new($"invalid user config {Location}: {reason}"),
        _ => new($"invalid --option: {reason}"),
    };
}
