using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Indra.Hashing;
using PackageHasher = Blake3.Hasher;

namespace Indra.Benchmarks.Blake3;

/// <summary>
/// Indra.Hashing's BLAKE3 against the Blake3 NuGet package (managed SIMD), the same input hashed by both in one run:
/// one thread (Indra <c>Blake3.Hash</c>, package <c>Hasher.Hash</c>) and all cores (Indra <c>Blake3.HashParallel</c>,
/// package <c>Hasher.UpdateWithJoin</c>). Inputs are pseudo-random bytes in native memory, allocated once per size.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public unsafe class HashBenchmarks
{
    private byte* _input;

    /// <summary>Input length in bytes: 1 KiB, 64 KiB, 1 MiB, 1 GiB.</summary>
    [Params(1024, 64 * 1024, 1024 * 1024, 1024 * 1024 * 1024)]
    public int Size { get; set; }

    private ReadOnlySpan<byte> Input => new(_input, Size);

    /// <summary>Allocates and fills the input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _input = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        new Random(15).NextBytes(new Span<byte>(_input, Size));
    }

    /// <summary>Frees the input.</summary>
    [GlobalCleanup]
    public void Cleanup() => NativeMemory.AlignedFree(_input);

    /// <summary>Indra, one thread.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("1 thread")]
    public Blake3Hash IndraOneThread() => Indra.Hashing.Blake3.Hash(Input);

    /// <summary>The package, one thread.</summary>
    [Benchmark]
    [BenchmarkCategory("1 thread")]
    public global::Blake3.Hash PackageOneThread() => PackageHasher.Hash(Input);

    /// <summary>Indra, all cores.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("parallel")]
    public Blake3Hash IndraParallel() => Indra.Hashing.Blake3.HashParallel(Input);

    /// <summary>The package, all cores.</summary>
    [Benchmark]
    [BenchmarkCategory("parallel")]
    public global::Blake3.Hash PackageParallel()
    {
        using PackageHasher hasher = PackageHasher.New();
        hasher.UpdateWithJoin(Input);
        return hasher.Finalize();
    }
}
