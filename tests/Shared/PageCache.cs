using System.Globalization;

namespace Indra.Tests.Shared;

/// <summary>The page cache of single files, as tests of readahead and prefetching observe it (util-linux fincore and
/// coreutils dd; <see cref="Shell.Require"/> fincore first).</summary>
internal static class PageCache
{
    /// <summary>Drops the pages of <paramref name="file"/> (dd's nocache: POSIX_FADV_DONTNEED over the whole file).</summary>
    internal static void Evict(string file) => Shell.Run("dd", [$"if={file}", "iflag=nocache", "count=0", "status=none"]).Ok();

    /// <summary>Bytes of <paramref name="file"/> in the page cache.</summary>
    internal static long Resident(string file) =>
        long.Parse(Shell.Run("fincore", ["--bytes", "--noheadings", "--raw", "--output", "RES", file]).Ok().Stdout.Trim(), CultureInfo.InvariantCulture);
}
