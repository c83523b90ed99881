using System.Threading.Channels;
using Indra.Control.Model;

namespace Indra.Control.Service.Transport;

/// <summary>Progress of a check or collection handed to the request that streams it; when the request falls behind,
/// the oldest steps not yet sent are dropped (the result never is: it is not progress).</summary>
internal sealed class ChannelProgress : IProgress<MaintenanceProgress>
{
    private readonly Channel<MaintenanceProgress> _channel =
        Channel.CreateBounded<MaintenanceProgress>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The steps, in order, until <see cref="Complete"/>.</summary>
    public ChannelReader<MaintenanceProgress> Steps => _channel.Reader;

    /// <inheritdoc/>
    public void Report(MaintenanceProgress value) => _channel.Writer.TryWrite(value);

    /// <summary>No more steps will come.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
