namespace Indra.Platform.ProjFS.Changes;

/// <summary>What became of one vault-side change.</summary>
internal enum RefreshOutcome
{
    /// <summary>Applied (or nothing to do).</summary>
    Done,
    /// <summary>The write-back is changing that path right now: look again shortly.</summary>
    Defer,
    /// <summary>A ProjFS call or a local read failed (e.g. a handle is open): try again with backoff.</summary>
    Retry,
}
