using System.Security.Cryptography;
using Indra.Engine.Vaults;
using Indra.Sharing;
using Indra.Sharing.State;
using Microsoft.Data.Sqlite;

namespace Indra.Cli.Commands;

/// <summary>
/// How the sharing verbs (<c>peer</c>, <c>share</c>, <c>recall</c>, <c>grants</c>, <c>realm</c>) run when no daemon
/// answers on the vault's control socket (<see cref="ControlVerb"/> first): on <c>VAULT/sharing/sharing.db</c> directly.
/// The verbs that stay here while a daemon runs (realms, quotas, offers, peer list and remove) are serialized with it by
/// SQLite and picked up within one sync interval. Errors print one line on stderr and exit 1.
/// </summary>
internal static class SharingVerb
{
    /// <summary>Opens the sharing database of <paramref name="vault"/> and runs <paramref name="work"/> on it with the vault's full path.</summary>
    /// <returns>0, or 1 after printing the error of a missing vault, a sharing rule, SQLite, I/O or the identity key.</returns>
    public static int Run(string vault, Action<string, SharingDatabase> work)
    {
        var directory = Path.GetFullPath(vault);
        try
        {
            if (!VaultLayout.Exists(directory)) throw new SharingException($"no vault at {directory} (run 'indra init --vault {directory}')");
            using var db = SharingDatabase.Open(directory);
            work(directory, db);
            return 0;
        }
        catch (Exception e) when (e is SharingException or SqliteException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            Console.Error.WriteLine($"indra: {e.Message}");
            return 1;
        }
    }
}
