namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// The object store refused the credentials (403: unknown access key, wrong secret, no right to the bucket) or the
/// bucket does not exist. The message is one line a user can act on: what was refused, and where the credentials were
/// read from.
/// </summary>
internal sealed class ObjectStoreAccessException : ObjectStoreException
{
    /// <summary>Creates the exception.</summary>
    public ObjectStoreAccessException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
