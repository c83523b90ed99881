namespace Indra.Control;

/// <summary>A control request that failed for a reason the caller can act on; <see cref="Exception.Message"/> is one line
/// fit for a user ("no such file: notes/a.txt").</summary>
public sealed class VaultControlException(ControlErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Why it failed.</summary>
    public ControlErrorKind Kind { get; } = kind;
}
