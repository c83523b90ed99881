using BenchmarkDotNet.Running;
using Indra.Benchmarks.Blake3;

// Usage: dotnet run -c Release -- [BenchmarkDotNet arguments], e.g. --filter '*' or --list flat;
//        or --cpu-seconds [ROUNDS] for the one-thread comparison per CPU second (see CpuSecondsComparison).
if (args.Length > 0 && args[0] == "--cpu-seconds")
{
    CpuSecondsComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(HashBenchmarks).Assembly).Run(args, new ThroughputConfig());
