namespace Indra.Policy.Sources;

/// <summary>
/// The registry key Group Policy writes machine policy to (<c>HKLM\SOFTWARE\Policies\Indra</c>), reduced to what the
/// policy reader needs, so that the reader runs (and is tested) on every platform: <see cref="WindowsPolicyRegistry"/>
/// reads the real key on Windows.
/// </summary>
public interface IPolicyRegistry
{
    /// <summary>The key's full name, for messages (<c>HKLM\SOFTWARE\Policies\Indra</c>).</summary>
    string Location { get; }

    /// <summary>Every value under the key, or null when the key does not exist.</summary>
    /// <exception cref="UnauthorizedAccessException">The key cannot be read (also IOException, SecurityException).</exception>
    IReadOnlyList<PolicyRegistryValue>? ReadValues();
}

/// <summary>The registry types a policy value may have.</summary>
public enum PolicyRegistryType
{
    /// <summary>REG_DWORD: a 32-bit number (<see cref="int"/>, read unsigned).</summary>
    DWord,
    /// <summary>REG_QWORD: a 64-bit number (<see cref="long"/>).</summary>
    QWord,
    /// <summary>REG_SZ or REG_EXPAND_SZ: text (<see cref="string"/>).</summary>
    String,
    /// <summary>Any other type (binary, multi-string): refused.</summary>
    Other,
}

/// <summary>One value under the policy key.</summary>
/// <param name="Name">The value's name ("QuotaBytes").</param>
/// <param name="Type">Its registry type.</param>
/// <param name="Data">Its data: <see cref="int"/>, <see cref="long"/>, <see cref="string"/>, or anything for <see cref="PolicyRegistryType.Other"/>.</param>
public sealed record PolicyRegistryValue(string Name, PolicyRegistryType Type, object? Data);
