namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>A journaled change with its sequence number.</summary>
/// <param name="Sequence">Position in the queue (increasing, never reused within a journal).</param>
/// <param name="Change">The change.</param>
/// <param name="EnqueuedUtc">When it was recorded (UTC).</param>
internal sealed record DirtyEntry(long Sequence, DirtyChange Change, DateTime EnqueuedUtc);
