using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Indra.Benchmarks.Blake3;

/// <summary>
/// Short runs (3 warm-up, 10 measured iterations; the machine has 2 shared cores, so long runs buy little precision)
/// with a throughput column and ratios per category (1 thread, parallel), so each implementation is compared with the
/// other on the same input.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public ThroughputConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithId("short"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(new ThroughputColumn());
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }

    /// <summary>Input bytes per second (decimal GB/s) from the mean time and the <c>Size</c> parameter.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "GBps";
        public string ColumnName => "GB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Input bytes hashed per second, in 10^9 bytes per second (Size / Mean)";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var size = benchmarkCase.Parameters["Size"];
            if (report?.ResultStatistics is not { } stats || size is not int bytes)
            {
                return "-";
            }

            return (bytes / stats.Mean).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
