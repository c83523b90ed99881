using Indra.Control.Model;

namespace Indra.Cli.Terminal.Documents;

/// <summary><c>indra heat --json</c> (docs/json-output.md, "heat").</summary>
/// <param name="Vault">The vault directory.</param>
/// <param name="Path">The folder ranked ("" for the vault root).</param>
/// <param name="At">When heat was computed, UTC.</param>
/// <param name="Since">The window's start, or null.</param>
/// <param name="TotalHeat">Sum of the heat of every attended file counted: the heat of <paramref name="Path"/>.</param>
/// <param name="AttendedFiles">Attended files counted (before the cut to --top).</param>
/// <param name="Complete">False when the vault had more attended nodes than one ranking reads.</param>
/// <param name="Files">Hottest files first.</param>
/// <param name="Folders">Hottest folders first.</param>
internal sealed record HeatDocument(string Vault, string Path, DateTimeOffset At, DateTimeOffset? Since, double TotalHeat, int AttendedFiles, bool Complete,
    IReadOnlyList<HeatFileEntry> Files, IReadOnlyList<HeatFolderEntry> Folders)
{
    /// <summary>The document of <paramref name="ranking"/> of the vault at <paramref name="vault"/>.</summary>
    public static HeatDocument From(string vault, HeatRanking ranking) =>
        new(vault, ranking.Path, ranking.At, ranking.Since, ranking.TotalHeat, ranking.Attended, ranking.Complete,
            ranking.Files.Select(f => new HeatFileEntry(f.Path, f.Id, f.Heat, f.Opens, f.UniquePeers, f.DwellSeconds, f.Size, f.LastAccess)).ToList(),
            ranking.Folders.Select(f => new HeatFolderEntry(f.Path, f.Heat, f.Files, f.Opens, f.AttendedBytes, f.LastAccess)).ToList());
}

/// <summary>One file of <see cref="HeatDocument"/>.</summary>
internal sealed record HeatFileEntry(string Path, string Id, double Heat, int Opens, int UniquePeers, double DwellSeconds, long Size, DateTimeOffset? LastAccessAt);

/// <summary>One folder of <see cref="HeatDocument"/>: the aggregate of its attended files.</summary>
internal sealed record HeatFolderEntry(string Path, double Heat, int Files, long Opens, long AttendedBytes, DateTimeOffset? LastAccessAt);
