using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>PROT_READ | PROT_WRITE</c> (sys/mman.h).</summary>
    internal const int ProtReadWrite = 0x1 | 0x2;

    /// <summary><c>MAP_SHARED</c>.</summary>
    internal const int MapShared = 0x01;

    /// <summary><c>MAP_PRIVATE | MAP_ANONYMOUS</c>: zeroed private memory, pages allocated when first touched.</summary>
    internal const int MapPrivateAnonymous = 0x02 | 0x20;

    /// <summary><c>MAP_POPULATE</c>: fault the pages in now.</summary>
    internal const int MapPopulate = 0x8000;

    /// <summary><c>MAP_FAILED</c>.</summary>
    internal static readonly nint MapFailed = -1;

    /// <summary><c>void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)</c> (mmap(2)): the
    /// mapping, or <see cref="MapFailed"/> with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);
}
