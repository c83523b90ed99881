namespace Indra.FileSystem;

/// <summary>The <c>whence</c> values of lseek(2) that reach a filesystem (linux/fs.h; SEEK_SET/CUR/END stay in the kernel).</summary>
public static class SeekWhence
{
    /// <summary>SEEK_DATA: the first byte at or after the offset that holds data.</summary>
    public const int Data = 3;

    /// <summary>SEEK_HOLE: the first byte at or after the offset in a hole (the end of the file counts as one).</summary>
    public const int Hole = 4;
}
