using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Native;

/// <summary>Creates <see cref="NativeProjFsApi"/> instances over ProjectedFSLib.dll; available only on Windows with Client-ProjFS enabled.</summary>
internal sealed class NativeProjFsApiFactory : IProjFsApiFactory
{
    /// <inheritdoc />
    public bool IsAvailable(out string reason) => ProjFsAvailability.Check(
        OperatingSystem.IsWindows(),
        () => OperatingSystem.IsWindowsVersionAtLeast(10, 0, 17763),
        CanLoadLibrary,
        out reason);

    /// <inheritdoc />
    public IProjFsApi Create()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(ProjFsAvailability.NotWindows);
        }

        return new NativeProjFsApi();
    }

    private static bool CanLoadLibrary()
    {
        if (!NativeLibrary.TryLoad(ProjectedFSLibName, typeof(NativeProjFsApiFactory).Assembly, DllImportSearchPath.System32, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    private const string ProjectedFSLibName = "ProjectedFSLib.dll";
}
