using BenchmarkDotNet.Running;
using Indra.Benchmarks.Blake3;

// Usage: dotnet run -c Release -- [BenchmarkDotNet arguments], e.g. --filter '*' or --list flat.
BenchmarkSwitcher.FromAssembly(typeof(HashBenchmarks).Assembly).Run(args, new ThroughputConfig());
