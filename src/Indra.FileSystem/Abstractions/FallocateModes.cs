namespace Indra.FileSystem;

/// <summary>The <c>mode</c> bits of fallocate(2) (linux/falloc.h) that <see cref="IVaultFileSystem.Allocate"/> accepts.</summary>
public static class FallocateModes
{
    /// <summary>FALLOC_FL_KEEP_SIZE: do not change the file size.</summary>
    public const int KeepSize = 0x01;

    /// <summary>FALLOC_FL_PUNCH_HOLE: make the range a hole (only with KEEP_SIZE).</summary>
    public const int PunchHole = 0x02;

    /// <summary>FALLOC_FL_ZERO_RANGE: make the range read as zeros.</summary>
    public const int ZeroRange = 0x10;
}
