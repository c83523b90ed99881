using BenchmarkDotNet.Attributes;
using Indra.Engine.Attention;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;

namespace Indra.Benchmarks.Attention;

/// <summary>
/// One batch of <see cref="AttentionRecorder.BatchSize"/> events into a vault on disk
/// (its SQLite metadata in WAL mode, as a mount has it), in the two shapes the reading rows make:
/// <list type="bullet">
/// <item><c>Revisit</c>: a navigate_to and a navigate_back for each of 512 nodes that have heat already (a warm
/// <c>find</c>: opendir and releasedir of each directory);</item>
/// <item><c>FirstVisit</c>: the same for 512 nodes never attended before (an untar, a first <c>diff -r</c>).</item>
/// </list>
/// The time is per batch; divide by 1,024 for an event.
/// </summary>
[MemoryDiagnoser]
public class FlushBenchmarks
{
    private const int Nodes = AttentionRecorder.BatchSize / 2;

    private string _directory = "";
    private Vault? _vault;
    private long _nextInode = 1_000;
    private long _clock = DateTime.UtcNow.Ticks * 100;

    /// <summary>Revisit: nodes with heat rows; FirstVisit: new nodes each batch.</summary>
    [Params("Revisit", "FirstVisit")]
    public string Shape { get; set; } = "Revisit";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "indra-bench-attention-" + Guid.NewGuid().ToString("N"));
        _vault = Vault.Create(_directory);
        Record(1_000);
        _vault.Attention.Flush();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _vault?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Records the batch (about 0.1 µs an event, in memory) and persists it.</summary>
    [Benchmark]
    public void RecordAndFlush()
    {
        if (Shape == "FirstVisit") _nextInode += Nodes;
        Record(Shape == "Revisit" ? 1_000 : _nextInode);
        _vault!.Attention.Flush();
    }

    private void Record(long firstInode)
    {
        var vault = _vault!;
        var tree = new ArtifactId(Indra.Hashing.Blake3.Hash("tree"u8));
        for (int i = 0; i < Nodes; i++)
        {
            long inode = firstInode + i;
            var artifact = new ArtifactId(Indra.Hashing.Blake3.Hash(BitConverter.GetBytes(inode)));
            var path = $"vault/usr/share/doc/package-{inode}/dir";
            vault.Attention.Record(new AttentionEvent(_clock += 1_000, AttentionKind.NavigateTo, vault.Player, inode, artifact, tree, path, 0));
            vault.Attention.Record(new AttentionEvent(_clock += 1_000, AttentionKind.NavigateBack, vault.Player, inode, tree, artifact, path, 1));
        }
    }
}
