namespace Indra.Sharing;

/// <summary>A sharing operation that cannot be done as asked (unknown peer, bad invite, path not in the vault...).
/// The message is one line meant for the user.</summary>
public sealed class SharingException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public SharingException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public SharingException(string message, Exception inner) : base(message, inner)
    {
    }
}
