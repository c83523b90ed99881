namespace Indra.Control.Model;

/// <summary>How far a check or collection is.</summary>
/// <param name="Phase">What it is doing ("nodes", "leaves", "blocks", "sweep").</param>
/// <param name="Done">Items done in this phase.</param>
/// <param name="Total">Items in this phase, or null when not known in advance.</param>
public sealed record MaintenanceProgress(string Phase, long Done, long? Total);
