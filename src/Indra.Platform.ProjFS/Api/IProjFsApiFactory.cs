namespace Indra.Platform.ProjFS.Api;

/// <summary>Creates the <see cref="IProjFsApi"/> for one mount: ProjectedFSLib.dll on Windows, an emulator in tests.</summary>
public interface IProjFsApiFactory
{
    /// <summary>Whether the API can be used here; when not, <paramref name="reason"/> is one line telling the user what to do.</summary>
    bool IsAvailable(out string reason);

    /// <summary>Creates a fresh (not yet started) virtualization instance.</summary>
    /// <exception cref="PlatformNotSupportedException">Not available on this machine.</exception>
    IProjFsApi Create();
}
