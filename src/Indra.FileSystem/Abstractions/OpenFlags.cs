namespace Indra.FileSystem;

/// <summary>Linux <c>open(2)</c> flag values that the vault filesystem interprets (fcntl.h, x86_64 and aarch64).</summary>
public static class OpenFlags
{
    /// <summary>Mask of the access mode.</summary>
    public const int AccessModeMask = 3;
    /// <summary>Read only.</summary>
    public const int ReadOnly = 0;
    /// <summary>Write only.</summary>
    public const int WriteOnly = 1;
    /// <summary>Read and write.</summary>
    public const int ReadWrite = 2;
    /// <summary>Create if missing.</summary>
    public const int Create = 0x40;
    /// <summary>With <see cref="Create"/>: fail with EEXIST if the name exists.</summary>
    public const int Exclusive = 0x80;
    /// <summary>Truncate to zero length on open.</summary>
    public const int Truncate = 0x200;
    /// <summary>Every write goes to the end of the file.</summary>
    public const int Append = 0x400;
    /// <summary>Not an open(2) flag (bit 30 is none): the platform host marks handles whose writes come from the
    /// kernel's writeback cache, which keeps the file's modification and change times itself and sends them as a
    /// setattr; writes through such a handle leave the times alone.</summary>
    public const int KernelWriteback = 1 << 30;

    /// <summary>True when <paramref name="flags"/> allows writing.</summary>
    public static bool Writes(int flags) => (flags & AccessModeMask) != ReadOnly;

    /// <summary>True when <paramref name="flags"/> allows reading.</summary>
    public static bool Reads(int flags) => (flags & AccessModeMask) != WriteOnly;
}
