using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    /// <summary>
    /// A rename put node <paramref name="by"/> over granted node <paramref name="replaced"/>, whose last name it was
    /// (<see cref="Engine.Vaults.VaultTree.Replaced"/>): an atomic save, as editors make it. The grants on the replaced
    /// node move to its replacement, so a shared file stays shared through such a save. Nothing else moves a grant: a
    /// deleted node's grants end, and a file saved later at a freed path is not shared.
    /// </summary>
    /// <remarks>Runs on the renaming thread: one set lookup for a node nobody was granted, a database update otherwise.</remarks>
    private void OnReplaced(long replaced, long by)
    {
        if (!_state.GrantedNodes.Contains(replaced)) return;
        try
        {
            var moved = _db.RebindGrants(replaced, by);
            if (moved == 0) return;
            _log.LogInformation("{Count} grant(s) of node {Replaced} follow it to node {By}, renamed over it (an atomic save)", moved, replaced, by);
            ReloadState();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            _log.LogWarning("the grants of node {Replaced} could not follow it to node {By}: {Reason}", replaced, by, e.Message);
        }
    }
}
