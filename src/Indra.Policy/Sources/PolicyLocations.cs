namespace Indra.Policy.Sources;

/// <summary>
/// Where this machine's policy and this user's settings are read from (docs/policy.md, "Where it is read").
/// </summary>
/// <param name="MachineFile">The machine policy document, or null where the registry holds it.</param>
/// <param name="MachineRegistry">The machine policy registry key (Windows), or null.</param>
/// <param name="UserConfigFile">The user's config file.</param>
public sealed record PolicyLocations(string? MachineFile, IPolicyRegistry? MachineRegistry, string UserConfigFile)
{
    /// <summary>Environment variable naming the machine policy file instead of the platform's (tests, images that
    /// keep <c>/etc</c> read-only); on Windows it replaces the registry key.</summary>
    public const string PolicyFileVariable = "INDRA_POLICY_FILE";

    /// <summary>The machine policy file on Linux.</summary>
    public const string LinuxPolicyFile = "/etc/indra/policy.json";

    /// <summary>The machine policy file on macOS.</summary>
    public const string MacPolicyFile = "/Library/Preferences/org.indra.policy.json";

    /// <summary>The locations of this platform, process environment and user.</summary>
    public static PolicyLocations ForThisMachine()
    {
        var overridden = Environment.GetEnvironmentVariable(PolicyFileVariable);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
        {
            var appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            var user = Path.Combine(appData, "Indra", "config.json");
            return string.IsNullOrEmpty(overridden) ? new(null, new WindowsPolicyRegistry(), user) : new(Path.GetFullPath(overridden), null, user);
        }
        if (OperatingSystem.IsMacOS())
        {
            return new(string.IsNullOrEmpty(overridden) ? MacPolicyFile : Path.GetFullPath(overridden), null,
                Path.Combine(home, "Library", "Application Support", "indra", "config.json"));
        }
        // XDG base directories: a relative XDG_CONFIG_HOME is invalid and ignored.
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var config = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".config");
        return new(string.IsNullOrEmpty(overridden) ? LinuxPolicyFile : Path.GetFullPath(overridden), null, Path.Combine(config, "indra", "config.json"));
    }

    /// <summary>The machine policy layer, or null when there is none.</summary>
    /// <exception cref="PolicyException">It exists and is invalid.</exception>
    public PolicyLayer? ReadMachine()
    {
        if (MachineFile is not null) return PolicyDocument.Read(MachineFile, new PolicySource(PolicySourceKind.MachinePolicy, MachineFile));
        return MachineRegistry is null ? null : PolicyRegistryReader.Read(MachineRegistry);
    }

    /// <summary>The user config layer, or null when there is none.</summary>
    /// <exception cref="PolicyException">It exists and is invalid.</exception>
    public PolicyLayer? ReadUser() => PolicyDocument.Read(UserConfigFile, new PolicySource(PolicySourceKind.UserConfig, UserConfigFile));
}
