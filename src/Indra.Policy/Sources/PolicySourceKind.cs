namespace Indra.Policy.Sources;

/// <summary>Where a setting's effective value came from, weakest first.</summary>
public enum PolicySourceKind
{
    /// <summary>No source set it: the documented default.</summary>
    Default,
    /// <summary>The user's config file.</summary>
    UserConfig,
    /// <summary><c>indra mount --option SETTING=VALUE</c>.</summary>
    CommandLine,
    /// <summary>The machine policy (a file, or the registry on Windows): wins over every other source.</summary>
    MachinePolicy,
}
