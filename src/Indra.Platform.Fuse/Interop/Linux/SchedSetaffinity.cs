using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)</c> (sched_setaffinity(2));
    /// pid 0 is the calling thread. 0, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static partial int SchedSetaffinity(int pid, nuint size, ulong* mask);
}
