using Indra.Policy.Settings;

namespace Indra.Policy.Sources;

/// <summary>The settings one source sets (every other setting it leaves to the weaker sources).</summary>
/// <param name="Source">Where they came from.</param>
/// <param name="Values">The values it sets, by setting (types as <see cref="PolicySetting.Default"/>).</param>
public sealed record PolicyLayer(PolicySource Source, IReadOnlyDictionary<PolicySetting, object> Values);
