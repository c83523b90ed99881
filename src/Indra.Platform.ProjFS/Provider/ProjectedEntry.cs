using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>One name a directory enumeration reports to ProjFS.</summary>
/// <param name="Name">The local name (<see cref="WindowsNames.ToLocal"/>) with the vault's casing.</param>
/// <param name="Info">Its size, times and attributes.</param>
internal readonly record struct ProjectedEntry(string Name, FileBasicInfo Info);
