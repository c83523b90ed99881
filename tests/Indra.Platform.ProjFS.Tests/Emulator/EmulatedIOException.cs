namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>What an application sees when an emulated file-system call fails: an <see cref="IOException"/> with the HRESULT.</summary>
public sealed class EmulatedIOException : IOException
{
    /// <summary>Creates the exception.</summary>
    public EmulatedIOException(string message, int hresult) : base($"{message} ({Api.HResult.Format(hresult)})", hresult) { }
}
