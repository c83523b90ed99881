namespace Indra.Policy;

/// <summary>
/// A policy document, registry key, user config or <c>--option</c> that cannot be used: its message is the one line
/// the CLI prints (<c>invalid machine policy /etc/indra/policy.json: quota.bytes must be a whole number of bytes &gt;= 0</c>).
/// </summary>
public sealed class PolicyException(string message) : Exception(message);
