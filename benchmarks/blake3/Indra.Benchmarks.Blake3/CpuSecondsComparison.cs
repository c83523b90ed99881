using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PackageHasher = Blake3.Hasher;

namespace Indra.Benchmarks.Blake3;

/// <summary>
/// One-thread throughput per CPU second of the process (user + sys from <see cref="Process.TotalProcessorTime"/>),
/// Indra and the package alternating round by round on the same input: on a machine where other work competes for
/// the cores, wall-clock figures (BenchmarkDotNet's) swing with the load, CPU seconds much less. Reports the best
/// round of each (the one least disturbed) and the median. The all-cores variants are measured in wall-clock time
/// (CPU seconds would hide the thread hand-off), alternating in the same rounds.
/// </summary>
internal static unsafe class CpuSecondsComparison
{
    /// <summary>Runs the comparison for each size and prints one line per size.</summary>
    /// <param name="rounds">Alternating rounds per size.</param>
    public static void Run(int rounds)
    {
        Console.WriteLine("one thread, GB/s per CPU second (10^9 bytes / (user + sys)), Indra and the Blake3 package alternating");
        Console.WriteLine($"{"size",12} {"indra best",11} {"pkg best",9} {"ratio",6} {"indra med",10} {"pkg med",8} {"ratio",6}");
        var parallel = new List<string>();
        foreach (int size in new[] { 1024, 64 * 1024, 1024 * 1024, 64 * 1024 * 1024 })
        {
            byte* input = (byte*)NativeMemory.AlignedAlloc((nuint)size, 64);
            try
            {
                new Random(15).NextBytes(new Span<byte>(input, size));
                ReadOnlySpan<byte> span = new(input, size);
                if (!Indra.Hashing.Blake3.Hash(span).ToString().Equals(PackageHasher.Hash(span).ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"Indra and the package disagree on {size} bytes.");
                }

                long bytesPerRound = 256L * 1024 * 1024;
                int repeats = (int)Math.Max(1, bytesPerRound / size);
                var ours = new List<double>();
                var theirs = new List<double>();
                var oursWall = new List<double>();
                var theirsWall = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    ours.Add(Measure(repeats, size, () => Indra.Hashing.Blake3.Hash(new ReadOnlySpan<byte>(input, size))));
                    theirs.Add(Measure(repeats, size, () => PackageHasher.Hash(new ReadOnlySpan<byte>(input, size))));
                    oursWall.Add(MeasureWall(repeats, size, () => Indra.Hashing.Blake3.HashParallel(new ReadOnlySpan<byte>(input, size))));
                    theirsWall.Add(MeasureWall(repeats, size, () =>
                    {
                        using PackageHasher hasher = PackageHasher.New();
                        hasher.UpdateWithJoin(new ReadOnlySpan<byte>(input, size));
                        hasher.Finalize();
                    }));
                }

                double ob = ours.Max(), tb = theirs.Max(), om = Median(ours), tm = Median(theirs);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,12} {ob,11:F2} {tb,9:F2} {ob / tb,6:F2} {om,10:F2} {tm,8:F2} {om / tm,6:F2}"));
                ob = oursWall.Max();
                tb = theirsWall.Max();
                om = Median(oursWall);
                tm = Median(theirsWall);
                parallel.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{size,12} {ob,11:F2} {tb,9:F2} {ob / tb,6:F2} {om,10:F2} {tm,8:F2} {om / tm,6:F2}"));
            }
            finally
            {
                NativeMemory.AlignedFree(input);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"all cores ({Environment.ProcessorCount}), GB/s of wall-clock time, Indra HashParallel and the package's UpdateWithJoin alternating");
        Console.WriteLine($"{"size",12} {"indra best",11} {"pkg best",9} {"ratio",6} {"indra med",10} {"pkg med",8} {"ratio",6}");
        parallel.ForEach(Console.WriteLine);
    }

    /// <summary>Wall-clock GB/s of <paramref name="repeats"/> calls (for the all-cores variants).</summary>
    private static double MeasureWall(int repeats, int size, Action hash)
    {
        hash();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < repeats; i++)
        {
            hash();
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (double)size * repeats / Math.Max(seconds, 1e-6) / 1e9;
    }

    private static double Measure(int repeats, int size, Action hash)
    {
        hash();
        TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < repeats; i++)
        {
            hash();
        }

        double seconds = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
        return (double)size * repeats / Math.Max(seconds, 1e-6) / 1e9;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
