using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Sharing.Client;

namespace Indra.Sharing.Sync;

/// <summary>
/// Stores verified blocks off the fetching tasks: fetchers hand each block over (<see cref="WriteAsync"/>) and go on
/// with the next request while dedicated writer threads put the blocks into the store, so a fetch never waits for the
/// disk and no thread-pool thread blocks in a write. The queue is bounded (<see cref="QueueBytes"/>, at least one
/// block): a fetcher waits while it is full, so memory stays at the blocks in flight plus the queue. The first failed
/// write stops the rest (their buffers are given back) and is thrown to the next fetcher that hands a block over and
/// from <see cref="CompleteAsync"/>. Each buffer handed over is given back to <see cref="BlockBuffer"/>'s pool here.
/// </summary>
internal sealed class BlockWriter
{
    /// <summary>Bytes of fetched blocks that may wait for a writer at once (32 MiB).</summary>
    internal const long QueueBytes = 32L << 20;

    /// <summary>Writer threads: two keep a disk busy while one of them waits for its write to complete.</summary>
    internal const int Writers = 2;

    private readonly ContentBlocks _store;
    private readonly Channel<(BlockHash Hash, BlockBuffer Buffer, int Size)> _queue;
    private readonly Task[] _writers;
    private Exception? _failure;

    /// <param name="store">Where the blocks go (not durable: the entries recorded after a fetch make them count).</param>
    /// <param name="largestBlock">The largest block that will be handed over (bytes): sizes the queue.</param>
    internal BlockWriter(ContentBlocks store, int largestBlock)
    {
        _store = store;
        var capacity = (int)Math.Clamp(QueueBytes / Math.Max(1, largestBlock), 1, 1024);
        _queue = Channel.CreateBounded<(BlockHash, BlockBuffer, int)>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        _writers = new Task[Writers];
        for (var i = 0; i < _writers.Length; i++) _writers[i] = Task.Factory.StartNew(Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues block <paramref name="hash"/>, the first <paramref name="size"/> bytes of <paramref name="buffer"/>
    /// (a buffer rented from <see cref="BlockBuffer.Rent"/>, owned by the writer from now on, even when this throws).</summary>
    /// <exception cref="IOException">An earlier write failed (or another exception a write threw).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled while the queue was full.</exception>
    internal async ValueTask WriteAsync(BlockHash hash, BlockBuffer buffer, int size, CancellationToken cancel)
    {
        try
        {
            ThrowIfFailed();
            await _queue.Writer.WriteAsync((hash, buffer, size), cancel).ConfigureAwait(false);
        }
        catch
        {
            BlockBuffer.Return(buffer);
            throw;
        }
    }

    /// <summary>Takes no more blocks and waits until every queued one is stored (or dropped after a failure).</summary>
    /// <exception cref="IOException">A write failed (or another exception a write threw).</exception>
    internal async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
        ThrowIfFailed();
    }

    /// <summary>After the fetch failed: takes no more blocks and waits until the queued ones are stored or dropped, throwing nothing.</summary>
    internal async Task AbandonAsync()
    {
        Interlocked.CompareExchange(ref _failure, new OperationCanceledException("the fetch failed"), null);
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>One writer thread: stores queued blocks until the queue is completed and empty.</summary>
    private void Drain()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    if (Volatile.Read(ref _failure) is null) _store.Put(item.Hash, item.Buffer.Span(item.Size), durable: false);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _failure, e, null);
                }
                finally
                {
                    BlockBuffer.Return(item.Buffer);
                }
            }
        }
    }
}
