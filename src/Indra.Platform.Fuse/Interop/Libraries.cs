namespace Indra.Platform.Fuse.Interop;

/// <summary>Names of the native libraries this assembly imports from.</summary>
internal static class Libraries
{
    /// <summary>
    /// libfuse 3.14 by its SONAME. Debian installs the unversioned <c>libfuse3.so</c> symlink only with
    /// libfuse3-dev, so "fuse3" or "libfuse3.so" would not load on a stock system (reference §3.1).
    /// </summary>
    internal const string Fuse = "libfuse3.so.3";

    /// <summary>The C library (the runtime maps "libc" to the platform's libc SONAME).</summary>
    internal const string Libc = "libc";
}
