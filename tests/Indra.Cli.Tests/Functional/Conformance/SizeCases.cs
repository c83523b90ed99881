namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// Every size: files written to lengths around every power of two a block store cares about (512 B, 4 KiB, 16 KiB,
/// 64 KiB, 1 MiB), rewritten across block boundaries, extended with holes by pwrite and truncate, shrunk and grown
/// again, appended to; each compared by size and a checksum of the whole content, and by the bytes at the edges.
/// </summary>
internal static class SizeCases
{
    private static readonly long[] Sizes = [0, 1, 511, 512, 4095, 4096, 4097, 8192, 16383, 16384, 16385, 65537, 1048575, 1048576, 1048577, 3145733];

    public static IEnumerable<Script> Scripts(Actor actor)
    {
        yield return Written(actor);
        yield return Holes(actor);
    }

    private static Script Written(Actor actor) =>
        new Script($"sizes-written-{actor}").Call("mkdir w 0777").Call("chmod w 0777").As(actor, s =>
        {
            foreach (long size in Sizes)
            {
                string file = $"w/s{size}";
                s.Call([$"open 1 {file} O_CREAT|O_WRONLY 0644", $"fill 1 {size}", "close 1", $"stat {file}", $"checksum {file}"]);
                s.Call([$"open 1 {file} O_RDWR", $"pread 1 {Math.Max(0, size - 3)} 8", $"pwrite 1 {size / 2} AcrossTheMiddle", $"pwrite 1 4094 xyz", "close 1"]);
                s.Call([$"stat {file}", $"checksum {file}"]);
                s.Call([$"open 1 {file} O_WRONLY|O_APPEND", "fill 1 5000", "close 1", $"stat {file}", $"checksum {file}"]);
            }
        });

    private static Script Holes(Actor actor) =>
        new Script($"sizes-holes-{actor}").Call("mkdir w 0777").Call("chmod w 0777").As(actor, s => s.Call(
        [
            "open 1 w/sparse O_CREAT|O_RDWR 0644", "pwrite 1 10000000 end", "fstat 1", "pread 1 4096 16", "pread 1 9999998 8", "close 1",
            "stat w/sparse", "checksum w/sparse",
            "truncate w/sparse 67108867", "stat w/sparse", "checksum w/sparse", "truncate w/sparse 5", "stat w/sparse", "checksum w/sparse",
            "open 1 w/grow O_CREAT|O_RDWR 0644", "fill 1 9000", "ftruncate 1 3", "ftruncate 1 4097", "pread 1 0 8", "pread 1 4090 16", "fstat 1", "close 1",
            "checksum w/grow", "truncate w/grow 16385", "checksum w/grow",
            "open 1 w/grow O_RDWR", "pwrite 1 20000 tail", "fill 1 3", "pread 1 16380 8", "close 1", "stat w/grow", "checksum w/grow",
            "open 1 w/trunc O_CREAT|O_WRONLY 0644", "fill 1 70000", "close 1", "open 1 w/trunc O_WRONLY|O_TRUNC", "fstat 1", "fill 1 10", "close 1",
            "checksum w/trunc", "truncate w/trunc -1", "truncate w/trunc 0", "checksum w/trunc",
        ]));
}
