namespace Indra.Engine.Vaults;

/// <summary>A vault could not be created or opened; the message is one line for the user.</summary>
public sealed class VaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VaultException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public VaultException(string message, Exception inner) : base(message, inner) { }
}
