using BenchmarkDotNet.Running;

if (args.Length == 3 && args[0] == "loop")
{
    var b = new Indra.Benchmarks.Attention.FlushBenchmarks { Shape = args[1] };
    b.Setup();
    var n = int.Parse(args[2]);
    for (int i = 0; i < 20; i++) b.RecordAndFlush();
    var w = System.Diagnostics.Stopwatch.StartNew();
    var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    for (int i = 0; i < n; i++) b.RecordAndFlush();
    var cpu1 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    Console.WriteLine($"{args[1]}: {w.Elapsed.TotalMilliseconds / n:F3} ms wall, {(cpu1 - cpu0).TotalMilliseconds / n:F3} ms CPU per batch");
    b.Cleanup();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Indra.Benchmarks.Attention.FlushBenchmarks).Assembly).Run(args);
