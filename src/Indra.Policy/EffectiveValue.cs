using Indra.Policy.Settings;
using Indra.Policy.Sources;

namespace Indra.Policy;

/// <summary>A setting's value in force and the source it came from.</summary>
/// <param name="Setting">The setting.</param>
/// <param name="Value">Its value (<see cref="long"/>, <see cref="bool"/> or a list of strings).</param>
/// <param name="Source">Where the value came from.</param>
public sealed record EffectiveValue(PolicySetting Setting, object Value, PolicySource Source)
{
    /// <summary>The value as <c>indra policy</c> prints it.</summary>
    public string Text => Setting.Format(Value);
}
