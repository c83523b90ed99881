namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>The provider broke a ProjFS rule that real Windows would punish silently (mis-sorted entries, wrong names, short hydration).</summary>
public sealed class ProtocolViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolViolationException(string message) : base(message) { }
}
