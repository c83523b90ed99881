using Amazon.Runtime;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// Gives the S3 client an HttpClient that does its I/O on the calling thread (<see cref="BlockingHttpHandler"/>). The
/// block store's callers are synchronous and may hold locks that thread-pool threads queue on (the metadata store's
/// commit runs block deletions after it, under its lock): an SDK call waited on there must not need a pool thread to
/// finish, or every pool thread can end up waiting for the lock while the one holding it waits for the pool.
/// </summary>
internal sealed class BlockingHttpClientFactory : HttpClientFactory
{
    /// <summary>Connections to the store kept open at once (per client).</summary>
    public const int MaxConnections = 32;

    /// <inheritdoc/>
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = MaxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        return new HttpClient(new BlockingHttpHandler(sockets)) { Timeout = clientConfig.Timeout ?? S3Bucket.RequestTimeout };
    }

    /// <summary>One client per S3 client (it holds connections to one endpoint).</summary>
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <summary>The client lives as long as the S3 client.</summary>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
