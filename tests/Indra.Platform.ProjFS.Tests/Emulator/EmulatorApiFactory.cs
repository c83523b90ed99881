using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>Hands the host one emulator: every mount of it (including a "restarted" host) talks to the same emulated kernel and root.</summary>
public sealed class EmulatorApiFactory(ProjFsEmulator emulator) : IProjFsApiFactory
{
    /// <inheritdoc />
    public bool IsAvailable(out string reason)
    {
        reason = string.Empty;
        return true;
    }

    /// <inheritdoc />
    public IProjFsApi Create() => emulator;
}
