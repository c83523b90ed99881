namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// Answers <see cref="SendAsync"/> with an already finished task: the request is sent and the whole response read
/// with the synchronous <see cref="HttpMessageHandler.Send"/> of the handler inside (HTTP/1.1), so an async caller's
/// awaits complete on the calling thread without a thread-pool thread (see <see cref="BlockingHttpClientFactory"/>).
/// Responses are small here (a block of at most 64 MiB, a listing page), so buffering them whole costs nothing extra:
/// the block store reads every object whole anyway.
/// </summary>
internal sealed class BlockingHttpHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Send(request, cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<HttpResponseMessage>(e);
        }
    }

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // 100-continue waits on a timer (a pool thread); the body goes with the headers instead.
        request.Headers.ExpectContinue = false;
        var response = base.Send(request, cancellationToken);
        var buffered = new MemoryStream();
        using (var body = response.Content.ReadAsStream(cancellationToken)) body.CopyTo(buffered);
        var content = new ByteArrayContent(buffered.GetBuffer(), 0, (int)buffered.Length);
        foreach (var header in response.Content.Headers) content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content.Dispose();
        response.Content = content;
        return response;
    }
}
