namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>One name an application's directory listing shows.</summary>
/// <param name="Name">The name (provider casing for projected names, stored casing for local ones).</param>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="Size">File size in bytes.</param>
/// <param name="FromProvider">True when the entry came from the provider's enumeration rather than from disk.</param>
public sealed record EmulatedDirectoryEntry(string Name, bool IsDirectory, long Size, bool FromProvider);
