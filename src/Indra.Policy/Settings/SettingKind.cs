namespace Indra.Policy.Settings;

/// <summary>The type of a policy setting's value, which decides how it is read and printed.</summary>
public enum SettingKind
{
    /// <summary>A whole number of bytes (<see cref="long"/>).</summary>
    Bytes,
    /// <summary>A whole number of things (<see cref="long"/>).</summary>
    Count,
    /// <summary>True or false (<see cref="bool"/>).</summary>
    Flag,
    /// <summary>A list of names from a fixed set (<see cref="IReadOnlyList{T}"/> of <see cref="string"/>).</summary>
    Names,
    /// <summary>A list of 64-hex player ids, lower case (<see cref="IReadOnlyList{T}"/> of <see cref="string"/>).</summary>
    PlayerIds,
}
