namespace Indra.Control.Model;

/// <summary>What a garbage collection removed.</summary>
/// <param name="BlocksRemoved">Blocks no artifact referenced.</param>
/// <param name="BytesFreed">Their bytes.</param>
public sealed record CollectReport(long BlocksRemoved, long BytesFreed);
