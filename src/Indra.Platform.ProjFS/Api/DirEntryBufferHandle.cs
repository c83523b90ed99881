namespace Indra.Platform.ProjFS.Api;

/// <summary>PRJ_DIR_ENTRY_BUFFER_HANDLE: the opaque buffer a GetDirectoryEnumeration callback fills.</summary>
/// <param name="Value">The native handle value (or the emulator's buffer number).</param>
public readonly record struct DirEntryBufferHandle(nint Value);
