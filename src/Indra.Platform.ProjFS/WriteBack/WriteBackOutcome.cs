namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>What became of one write-back attempt.</summary>
internal enum WriteBackOutcome
{
    /// <summary>The vault follows the change (or the change needs nothing, or was refused and logged as a conflict): remove it.</summary>
    Done,
    /// <summary>A transient failure (I/O error, locked local file, full disk): keep the entry and try again later.</summary>
    Retry,
}
