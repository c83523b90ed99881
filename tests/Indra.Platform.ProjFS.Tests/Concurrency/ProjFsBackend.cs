using Indra.Platform.ProjFS.Native;

namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>What serves the virtualization root in a backend-parameterised fixture.</summary>
public enum ProjFsBackend
{
    /// <summary>The emulator in the test tree (any OS).</summary>
    Emulator,

    /// <summary>ProjectedFSLib.dll and the prjflt driver (Windows 10 1809+ with Client-ProjFS).</summary>
    Native,
}

/// <summary>The <c>TestFixtureSource</c> of backend-parameterised fixtures, and the check that skips the native one where it cannot run.</summary>
public static class ProjFsBackends
{
    /// <summary>Both backends: each fixture runs once per backend.</summary>
    public static readonly object[] All = [ProjFsBackend.Emulator, ProjFsBackend.Native];

    /// <summary>
    /// Reports the test as ignored (skipped, never passed) when <paramref name="backend"/> is native and this machine
    /// cannot run ProjFS; says why.
    /// </summary>
    public static void RequireAvailable(ProjFsBackend backend)
    {
        if (backend == ProjFsBackend.Native && !new NativeProjFsApiFactory().IsAvailable(out var reason))
        {
            Assert.Ignore($"native ProjFS is not available here ({reason}); run build/test.ps1 on Windows with Client-ProjFS enabled");
        }
    }
}
