namespace Indra.Engine.Attention;

/// <summary>The heat of one node, as heat.json shows it.</summary>
/// <param name="Inode">The node.</param>
/// <param name="Path">Its path at the time of its latest event.</param>
/// <param name="Heat">Heat in [0, 1] (<see cref="HeatCalculator"/>).</param>
/// <param name="UniquePeers">Distinct players whose attention counted.</param>
/// <param name="DwellMs">Total milliseconds between opens and their releases.</param>
/// <param name="Opens">navigate_to events counted.</param>
public readonly record struct HeatEntry(long Inode, string Path, double Heat, int UniquePeers, long DwellMs, int Opens);
