using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Counts and times the FUSE requests of every mount in the process, per operation, once <see cref="Enable"/> has
/// been called (the daemon's <c>--metrics</c>; docs/metrics.md). A request starts when its callback asks for its
/// mount (<see cref="FuseMountContext.FromRequest"/>, which names the callback) and ends with its one reply
/// (<c>FuseReply</c>), on the same thread; forget and forget_multi, which are not answered, are not counted. Off, a
/// request pays one static field read at each end.
/// </summary>
public static class FuseRequestMetrics
{
    /// <summary>Upper bounds of the latency buckets in seconds: 10 µs to about 10 s, doubling.</summary>
    public static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.00001, 2, 21);

    private static Histogram? latency;
    private static Counter? requests;
    private static Counter? served;

    [ThreadStatic]
    private static string? operation;

    [ThreadStatic]
    private static long started;

    /// <summary>Creates the FUSE collectors in <paramref name="registry"/> and starts counting; a second call changes nothing.</summary>
    /// <param name="registry">Where the collectors live (the daemon's metrics registry).</param>
    public static void Enable(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (latency is not null) return;
        var factory = Metrics.WithCustomRegistry(registry);
        served = factory.CreateCounter("indra_fuse_read_bytes_total", "Bytes answered to FUSE read requests (the bytes the mount served)");
        requests = factory.CreateCounter("indra_fuse_requests_total", "FUSE requests answered, by operation and outcome (ok, or error for an errno answer)",
            new CounterConfiguration { LabelNames = ["operation", "outcome"] });
        latency = factory.CreateHistogram("indra_fuse_request_duration_seconds", "Time from a FUSE callback's start to its reply, by operation",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = LatencyBuckets });
    }

    /// <summary>Marks the start of <paramref name="name"/> (the callback's name, e.g. "Lookup") on this thread.</summary>
    internal static void Begin(string name)
    {
        if (latency is null) return;
        operation = name;
        started = Stopwatch.GetTimestamp();
    }

    /// <summary>Records the end of this thread's request: its reply carried <paramref name="bytes"/> of data (a read's
    /// answer) or an error (<paramref name="failed"/>).</summary>
    internal static void End(long bytes, bool failed)
    {
        // The collectors first: off, a request reads no thread-static (each read is a __tls_get_addr call here).
        if (latency is null) return;
        var name = operation;
        if (name is null) return;
        operation = null;
        var children = Children.GetOrAdd(name, static n => new OperationChildren(
            latency!.WithLabels(n.ToLowerInvariant()), requests!.WithLabels(n.ToLowerInvariant(), "ok"), requests!.WithLabels(n.ToLowerInvariant(), "error")));
        children.Latency.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        (failed ? children.Failed : children.Answered).Inc();
        if (bytes > 0 && name == "Read") served!.Inc(bytes);
    }

    /// <summary>The labelled collectors of each operation, made once (the label is the callback's name in lower case:
    /// "lookup", "getattr", "readdirplus").</summary>
    private static readonly ConcurrentDictionary<string, OperationChildren> Children = new(StringComparer.Ordinal);

    private sealed record OperationChildren(Histogram.Child Latency, Counter.Child Answered, Counter.Child Failed);
}
