namespace Indra.Control.Model;

/// <summary>
/// The hottest files and folders under one folder (<c>indra heat</c>): files ranked by their decayed heat
/// (<see cref="HeatItem.Heat"/>, in [0, 1]), folders by the sum of the heat of the attended files below them
/// (<see cref="FolderHeat"/>). Only attended files count: a file nobody opened has no heat and is in neither list.
/// </summary>
/// <param name="Path">The folder ranked (vault path, "" for the root).</param>
/// <param name="At">When the heat was computed, UTC (heat decays with time).</param>
/// <param name="Since">The window asked for: only files whose newest attention event is at or after it count (null: all).</param>
/// <param name="Files">The hottest files, hottest first (ties by path), at most the number asked for.</param>
/// <param name="Folders">The hottest folders strictly below <paramref name="Path"/>, hottest first (ties by path), at most the number asked for.</param>
/// <param name="Attended">Attended files under <paramref name="Path"/> that counted (within the window), before the cut to the number asked for.</param>
/// <param name="TotalHeat">The sum of their heat: the heat of <paramref name="Path"/> itself.</param>
/// <param name="Complete">False when more nodes were attended than one ranking reads (<see cref="ControlLimits.MaxHeatScan"/>
/// hottest nodes): the coldest then do not count.</param>
public sealed record HeatRanking(
    string Path,
    DateTimeOffset At,
    DateTimeOffset? Since,
    IReadOnlyList<HeatItem> Files,
    IReadOnlyList<FolderHeat> Folders,
    int Attended,
    double TotalHeat,
    bool Complete);

/// <summary>
/// One folder's heat: the aggregate of the attended files below it (at any depth). Heat is the sum of their heats
/// (so a folder of many warm files can outrank one hot file; it is not bounded by 1), opens the sum of their opens,
/// bytes the sum of their sizes, last access the newest of theirs.
/// </summary>
/// <param name="Path">Vault path of the folder.</param>
/// <param name="Heat">Sum of the heat of its attended files.</param>
/// <param name="Files">How many attended files are below it.</param>
/// <param name="Opens">Sum of their opens.</param>
/// <param name="AttendedBytes">Sum of their sizes, bytes (not the folder's whole size: files nobody opened are not counted).</param>
/// <param name="LastAccess">The newest attention event on any of them, UTC, or null.</param>
public sealed record FolderHeat(string Path, double Heat, int Files, long Opens, long AttendedBytes, DateTimeOffset? LastAccess);
