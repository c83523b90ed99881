using Indra.Policy.Sources;

namespace Indra.Policy.Tests;

/// <summary>The policy key as a list of values in memory (null: the key does not exist), for the registry reader on Linux.</summary>
internal sealed class FakePolicyRegistry(IReadOnlyList<PolicyRegistryValue>? values) : IPolicyRegistry
{
    public string Location => @"HKLM\SOFTWARE\Policies\Indra";

    public IReadOnlyList<PolicyRegistryValue>? ReadValues() => values;
}
