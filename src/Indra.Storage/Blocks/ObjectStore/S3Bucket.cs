using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// One bucket of an S3-compatible store (AWS S3, Ceph RGW, MinIO) as whole-object operations that retry: transport
/// failures, timeouts and 5xx/429/SlowDown answers are retried with <see cref="Backoff"/> (6 attempts, 0.1 s doubling to
/// at most 5 s, full jitter); anything else fails at once. Every request times out after <see cref="RequestTimeout"/>.
/// Checksums are computed and validated only where the S3 API requires them (WHEN_REQUIRED): the SDK's defaults send
/// trailing checksums that RGW refuses (400 XAmzContentSHA256Mismatch). Blocks are verified by BLAKE3 instead. Requests
/// run on the calling thread (<see cref="BlockingHttpClientFactory"/>), so a synchronous caller never waits for the
/// thread pool.
/// </summary>
internal sealed class S3Bucket : IDisposable
{
    /// <summary>How long one request may take before it is abandoned and retried (seconds: 30).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly AmazonS3Client _client;
    private readonly Backoff _backoff;

    /// <summary>Connects to <paramref name="location"/> with credentials from <see cref="S3Credentials"/>.</summary>
    /// <param name="location">Bucket, prefix, endpoint.</param>
    /// <param name="backoff">Retry policy (the default when null).</param>
    /// <exception cref="ObjectStoreAccessException">No credentials found.</exception>
    public S3Bucket(S3Location location, Backoff? backoff = null)
    {
        Location = location;
        _backoff = backoff ?? new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 6);
        var (credentials, source) = S3Credentials.Resolve(location.Profile);
        CredentialSource = source;
        var config = new AmazonS3Config
        {
            ServiceURL = location.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = location.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = RequestTimeout,
            MaxErrorRetry = 0, // retries are this class's (with jitter), not the SDK's
            HttpClientFactory = new BlockingHttpClientFactory(),
        };
        _client = new AmazonS3Client(credentials, config);
    }

    /// <summary>The bucket and prefix.</summary>
    public S3Location Location { get; }

    /// <summary>Where the credentials came from (no secret in it), for error lines.</summary>
    public string CredentialSource { get; }

    /// <summary>
    /// Lists at most one key under the prefix: proves the endpoint answers, the bucket exists and the credentials are
    /// accepted, before anything relies on them.
    /// </summary>
    /// <exception cref="ObjectStoreAccessException">Credentials refused or no such bucket.</exception>
    /// <exception cref="ObjectStoreException">The store cannot be reached.</exception>
    public void CheckAccess() => Run("list", Location.Url, async token =>
    {
        await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Location.Bucket, Prefix = Location.Prefix, MaxKeys = 1 }, token).ConfigureAwait(false);
        return true;
    });

    /// <summary>The whole object at <paramref name="key"/>, or null when there is none.</summary>
    public byte[]? Get(string key) => Run("get", key, token => GetOnce(key, token));

    private async Task<byte[]?> GetOnce(string key, CancellationToken token)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Location.Bucket, Key = key }, token).ConfigureAwait(false);
            var length = response.ContentLength;
            if (length is < 0 or > int.MaxValue) throw new ObjectStoreException($"object {key} has an unusable length {length}");
            var bytes = new byte[length];
            await response.ResponseStream.ReadExactlyAsync(bytes, token).ConfigureAwait(false);
            return bytes;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="data"/> at <paramref name="key"/> (replacing what is there); returns once the store acknowledged it.</summary>
    public void Put(string key, ReadOnlyMemory<byte> data) => Run("put", key, async token =>
    {
        using var body = new MemoryStream(data.ToArray(), writable: false);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = Location.Bucket, Key = key, InputStream = body, AutoCloseStream = false, UseChunkEncoding = false }, token).ConfigureAwait(false);
        return true;
    });

    /// <summary>The size in bytes of the object at <paramref name="key"/>, or -1 when there is none.</summary>
    public long Head(string key) => Run("head", key, async token =>
    {
        try
        {
            var response = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Location.Bucket, Key = key }, token).ConfigureAwait(false);
            return response.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return -1L;
        }
    });

    /// <summary>Deletes the object at <paramref name="key"/>; an absent object is no error.</summary>
    public void Delete(string key) => Run("delete", key, async token =>
    {
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Location.Bucket, Key = key }, token).ConfigureAwait(false);
        return true;
    });

    /// <summary>Every object under <paramref name="prefix"/> with its size in bytes, a page (up to 1,000) at a time, in key order.</summary>
    public IEnumerable<(string Key, long Size)> List(string prefix)
    {
        string? continuation = null;
        do
        {
            var token = continuation;
            var page = Run("list", prefix, t => _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Location.Bucket, Prefix = prefix, ContinuationToken = token, MaxKeys = 1000 }, t));
            foreach (var item in page.S3Objects ?? []) yield return (item.Key, item.Size ?? 0);
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <summary>Closes the client.</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>Runs <paramref name="call"/> on this thread (its I/O completes synchronously; retries sleep here).</summary>
    private T Run<T>(string operation, string key, Func<CancellationToken, Task<T>> call)
    {
        var cancellation = CancellationToken.None;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return call(cancellation).GetAwaiter().GetResult();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden || e.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "NoSuchBucket")
            {
                throw new ObjectStoreAccessException(
                    $"{Location.Url} at {Location.Endpoint} refused {operation} ({(int)e.StatusCode} {e.ErrorCode}) with the credentials from {CredentialSource}", e);
            }
            catch (Exception e) when (Transient(e, cancellation) && attempt < _backoff.Attempts)
            {
                // The caller waits here: a timer's continuation would need a thread-pool thread.
                Thread.Sleep(_backoff.Delay(attempt - 1));
            }
            catch (Exception e) when (Transient(e, cancellation))
            {
                throw new ObjectStoreException($"{Location.Url} at {Location.Endpoint}: {operation} {key} failed after {attempt} attempts: {Reason(e)}", e);
            }
            catch (AmazonServiceException e)
            {
                throw new ObjectStoreException($"{Location.Url} at {Location.Endpoint}: {operation} {key} refused: {(int)e.StatusCode} {e.ErrorCode} {e.Message}", e);
            }
        }
    }

    /// <summary>True for failures a retry may cure: the transport, a timeout (not the caller's cancellation), 5xx, 429, SlowDown.</summary>
    private static bool Transient(Exception e, CancellationToken cancellation) => e switch
    {
        OperationCanceledException => !cancellation.IsCancellationRequested,
        AmazonServiceException service when service.StatusCode is >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests || service.ErrorCode is "SlowDown" or "RequestTimeout" => true,
        AmazonServiceException service when service.StatusCode == 0 => true,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        AmazonClientException client => client.InnerException is not null && Transient(client.InnerException, cancellation),
        _ => false,
    };

    private static string Reason(Exception e)
    {
        while (e.InnerException is not null && e is AmazonClientException or HttpRequestException) e = e.InnerException;
        return e.Message;
    }
}
