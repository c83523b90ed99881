using System.Collections.Concurrent;
using Indra.Hashing;
using Indra.Storage.Metadata;
using Indra.Engine.Vaults;
using Microsoft.Extensions.Logging;

namespace Indra.Engine.Content;

/// <summary>
/// Computes, in the background, the real ids of versions saved with a provisional one (their holes were too large
/// to hash before the writer was answered; see <see cref="ContentStore.DeferredHoleBytes"/>). One thread below
/// normal priority, so the work uses at most one core. Versions take turns in slices of <see cref="Slice"/> (hashed
/// runs of holes are remembered, so a slice resumes where the last one stopped): a file with a 16 GiB hole is done in
/// seconds even while one of the maximum size (16 TiB, hours of hashing) is in progress. A version that stops being
/// referenced is dropped at its next slice. Hashing a hole costs about as much as hashing as many bytes of data.
/// </summary>
public sealed class LeafIdResolver : IDisposable
{
    private readonly ContentStore _content;
    private readonly MetadataStore _metadata;
    private readonly Action<Blake3Hash, LeafVersion> _resolved;
    private readonly ILogger _log;
    private readonly BlockingCollection<Blake3Hash> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    /// <summary>Longest time one version is hashed before the next queued one gets its turn.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);

    /// <summary>Starts the resolver thread for <paramref name="vault"/>'s content.</summary>
    /// <param name="vault">The vault whose provisional leaves are resolved.</param>
    /// <param name="resolved">Called on the resolver thread with the provisional id and the version under its real id;
    /// it must move every reference to the real id (see <see cref="VaultTree.RekeyLeaf"/>).</param>
    /// <param name="log">Where failures are reported.</param>
    public LeafIdResolver(Vault vault, Action<Blake3Hash, LeafVersion> resolved, ILogger log)
        : this(vault.Content, vault.Metadata, resolved, log)
    {
    }

    /// <summary>Starts the resolver thread.</summary>
    /// <param name="content">Computes ids.</param>
    /// <param name="metadata">Where provisional leaves are recorded.</param>
    /// <param name="resolved">Called on the resolver thread with the provisional id and the version under its real id;
    /// it must move every reference to the real id (see <see cref="MetadataStore.RekeyLeaf"/>).</param>
    /// <param name="log">Where failures are reported.</param>
    internal LeafIdResolver(ContentStore content, MetadataStore metadata, Action<Blake3Hash, LeafVersion> resolved, ILogger log)
    {
        _content = content;
        _metadata = metadata;
        _resolved = resolved;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = "indra leaf ids", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Queues the provisional leaves recorded in the metadata (a mount after one that stopped before they were done).</summary>
    public void ResumeRecorded()
    {
        foreach (var (id, _) in _metadata.ListPendingLeaves())
        {
            _content.RegisterProvisional(id);
            Enqueue(id);
        }
    }

    /// <summary>Queues provisional leaf <paramref name="provisional"/>; it is hashed once its metadata has committed.</summary>
    public void Enqueue(Blake3Hash provisional)
    {
        try
        {
            if (!_queue.IsAddingCompleted) _queue.Add(provisional);
        }
        catch (InvalidOperationException)
        {
            // Stopping: the leaf stays recorded as pending and is resumed at the next mount.
        }
    }

    private void Run()
    {
        try
        {
            foreach (var provisional in _queue.GetConsumingEnumerable(_stop.Token)) Resolve(provisional);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Resolve(Blake3Hash provisional)
    {
        try
        {
            _metadata.FlushDeferred();
            if (_metadata.LeafReferenceCount(provisional) == 0)
            {
                _content.ForgetProvisional(provisional);
                return;
            }
            var size = _metadata.ListPendingLeaves().FirstOrDefault(p => p.Id == provisional).Size;
            var version = new LeafVersion(provisional, size, _metadata.GetLeafBlocks(provisional));
            using var slice = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            slice.CancelAfter(Slice);
            var real = _content.ResolveId(version, slice.Token);
            _resolved(provisional, version with { Id = real });
        }
        catch (OperationCanceledException)
        {
            // The slice ended: the next turn resumes from the runs hashed so far.
            Enqueue(provisional);
        }
        catch (Exception e)
        {
            _log.LogError(e, "could not compute the id of leaf {Leaf}: {Reason}", provisional, e.Message);
        }
    }

    /// <summary>Stops the thread; unfinished leaves keep their provisional ids and are resumed at the next mount.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _queue.Dispose();
    }
}
