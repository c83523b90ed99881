using System.Collections.Concurrent;
using System.Management.Automation;
using Indra.Control.Model;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Carries a maintenance run's progress, reported on pool threads, to the cmdlet's pipeline thread, which alone
/// may call Write-Progress.</summary>
internal sealed class ProgressPump(Cmdlet cmdlet, string activity) : IProgress<MaintenanceProgress>, IDisposable
{
    private readonly BlockingCollection<MaintenanceProgress> _reports = [];
    private readonly object _gate = new();

    /// <summary>Reports one step (any thread); steps after the run ended are dropped.</summary>
    public void Report(MaintenanceProgress value)
    {
        lock (_gate)
        {
            if (!_reports.IsAddingCompleted) _reports.Add(value);
        }
    }

    /// <summary>Writes the progress of <paramref name="run"/> until it ends, then its result (or its exception).</summary>
    internal T Pump<T>(Task<T> run)
    {
        run.ContinueWith(_ =>
        {
            lock (_gate) _reports.CompleteAdding();
        }, TaskScheduler.Default);
        foreach (var step in _reports.GetConsumingEnumerable())
        {
            var record = new ProgressRecord(1, activity, $"{step.Phase}: {step.Done}" + (step.Total is { } total ? $" of {total}" : ""));
            if (step.Total is > 0) record.PercentComplete = (int)Math.Min(100, step.Done * 100 / step.Total.Value);
            cmdlet.WriteProgress(record);
        }
        cmdlet.WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
        return run.GetAwaiter().GetResult();
    }

    public void Dispose() => _reports.Dispose();
}
