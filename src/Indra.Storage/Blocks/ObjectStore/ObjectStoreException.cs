namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// The object store did not do what was asked: unreachable after every retry, or it answered with an error that
/// retrying does not cure. The message names the location and the server's answer.
/// </summary>
internal class ObjectStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ObjectStoreException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
