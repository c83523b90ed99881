namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>One file-system operation the emulator saw (an application's or the host's), for tests.</summary>
/// <param name="ProcessId">The calling process (<see cref="EmulatedCaller.ProcessId"/>).</param>
/// <param name="Operation">"open", "open-refused" (sharing violation), "close", "close-modified", "list", "delete" or "rename".</param>
/// <param name="Path">The item's relative path ('\'-separated).</param>
/// <param name="Detail">Access and sharing for an open, the destination for a rename; else empty.</param>
public sealed record EmulatedIo(uint ProcessId, string Operation, string Path, string Detail = "");
