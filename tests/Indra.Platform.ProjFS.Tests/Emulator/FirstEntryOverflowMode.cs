namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>What the emulated caller does when a provider says even the first entry did not fit (projfs.md §9.2 rule 11).</summary>
public enum FirstEntryOverflowMode
{
    /// <summary>Ask again with a bigger buffer (NtQueryDirectoryFile, .NET Core).</summary>
    GrowBuffer,
    /// <summary>Fail the listing with ERROR_INSUFFICIENT_BUFFER (.NET Framework's FindFirstFile "platform bug").</summary>
    FailListing,
}
