namespace Indra.Cli.Commands;

/// <summary>An on/off setting read from an environment variable: <c>1</c> or <c>true</c> is on, <c>0</c> or
/// <c>false</c> is off (any case), anything else or unset is the caller's default.</summary>
internal static class EnvironmentSwitch
{
    /// <summary>The value of <paramref name="variable"/>, or <paramref name="otherwise"/> when it says neither.</summary>
    public static bool Read(string variable, bool otherwise) => System.Environment.GetEnvironmentVariable(variable) switch
    {
        "1" => true,
        "0" => false,
        { } value when value.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        { } value when value.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => otherwise,
    };
}
