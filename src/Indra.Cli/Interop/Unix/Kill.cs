using System.Runtime.InteropServices;

namespace Indra.Cli.Interop;

internal static partial class Unix
{
    /// <summary>SIGTERM on Linux.</summary>
    internal const int SigTerm = 15;

    /// <summary><c>int kill(pid_t pid, int sig)</c>; signal 0 checks that the process exists.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
