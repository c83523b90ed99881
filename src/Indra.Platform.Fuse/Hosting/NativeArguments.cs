using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// A <c>struct fuse_args</c> in native memory. <c>fuse_session_new</c> swaps in its own copy of argv (allocated = 1);
/// <see cref="Dispose"/> frees that with <c>fuse_opt_free_args</c> and then the host's own strings. The session does
/// not keep the arguments, so they can go right after <c>fuse_session_new</c>.
/// </summary>
internal sealed unsafe class NativeArguments : IDisposable
{
    private readonly byte** argv;
    private readonly int count;

    /// <summary>Copies <paramref name="arguments"/> as NUL-terminated UTF-8 strings.</summary>
    public NativeArguments(IReadOnlyList<string> arguments)
    {
        count = arguments.Count;
        argv = (byte**)NativeMemory.AllocZeroed((nuint)(count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < count; i++)
        {
            argv[i] = Utf8Names.Allocate(arguments[i]);
        }
        Pointer = (FuseArgs*)NativeMemory.AllocZeroed((nuint)sizeof(FuseArgs));
        Pointer->Argc = count;
        Pointer->Argv = argv;
        Pointer->Allocated = 0;
    }

    /// <summary>The struct to pass to libfuse.</summary>
    public FuseArgs* Pointer { get; }

    /// <summary>Frees libfuse's copy (if any), the strings and the struct.</summary>
    public void Dispose()
    {
        LibFuse.OptFreeArgs(Pointer);
        for (int i = 0; i < count; i++)
        {
            NativeMemory.Free(argv[i]);
        }
        NativeMemory.Free(argv);
        NativeMemory.Free(Pointer);
    }
}
