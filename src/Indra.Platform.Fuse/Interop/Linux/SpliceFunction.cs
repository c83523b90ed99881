namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// The address of C <c>ssize_t splice(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len, unsigned
    /// int flags)</c>, usable directly as <see cref="FuseCustomIo.SpliceSend"/>:
    /// libfuse's seventh argument, <c>userdata</c>, is passed where <c>splice</c> never looks (the stack
    /// on x86-64, register x6 on AArch64) and the caller removes it, and errno is set by libc, which libfuse reads on -1.
    /// libfuse 3.14 offers <c>FUSE_CAP_SPLICE_WRITE</c> to a session with custom I/O only when this is set.
    /// </summary>
    /// <returns>The address, or zero when glibc cannot be found.</returns>
    internal static nint SpliceAddress() => GlibcExport("splice");
}
