using Indra.Control;
using Indra.Control.Service;
using Indra.Sharing.State;

namespace Indra.Cli.Commands;

/// <summary>
/// How a verb reaches a vault whose daemon runs: through the daemon's control API (<see cref="DaemonVaultControl"/>),
/// so what it changes takes effect in the daemon at once. A failed request prints its one line on stderr and exits 1.
/// </summary>
internal static class ControlVerb
{
    /// <summary>
    /// Runs <paramref name="work"/> against the daemon serving the vault at <paramref name="vault"/>; null when no daemon
    /// answers on its control socket (the caller then opens the vault directly).
    /// </summary>
    /// <returns>0, 1 after printing the daemon's error, or null.</returns>
    public static int? RunIfServed(string vault, Func<IVaultControl, Task> work)
    {
        var directory = Path.GetFullPath(vault);
        if (!VaultControl.IsServedAsync(directory).GetAwaiter().GetResult()) return null;
        var control = new DaemonVaultControl(ControlSocket.PathFor(directory));
        try
        {
            work(control).GetAwaiter().GetResult();
            return 0;
        }
        catch (VaultControlException e)
        {
            Console.Error.WriteLine(Hosting.ErrorLine.Format(e.Message));
            return 1;
        }
        finally
        {
            control.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Asks the vault at <paramref name="vault"/> through <see cref="VaultControl.ConnectAsync"/> (its daemon's control
    /// API when one serves it, else the vault opened in this process for the call, its single-writer lock held only for
    /// the call) and shows the answer. A vault another process holds without serving the control API (in process:
    /// <c>Busy</c>) is answered by <paramref name="fallback"/> on its sharing database instead, which the holder reads
    /// within one sync interval. A failure prints its one line on stderr.
    /// </summary>
    /// <typeparam name="T">The answer.</typeparam>
    /// <param name="vault">The vault directory.</param>
    /// <param name="ask">The control request.</param>
    /// <param name="fallback">The same answer from the sharing database (the vault's full path, the open database).</param>
    /// <param name="show">Prints the answer.</param>
    /// <returns>0, or 1 after printing the error.</returns>
    public static int Run<T>(string vault, Func<IVaultControl, Task<T>> ask, Func<string, SharingDatabase, T> fallback, Action<T> show)
    {
        var directory = Path.GetFullPath(vault);
        try
        {
            var (held, answer) = AskAsync(directory, ask).GetAwaiter().GetResult();
            if (!held)
            {
                show(answer);
                return 0;
            }
            return SharingVerb.Run(directory, (full, db) => show(fallback(full, db)));
        }
        catch (VaultControlException e)
        {
            Console.Error.WriteLine(Hosting.ErrorLine.Format(e.Message));
            return 1;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(Hosting.ErrorLine.Format(e.Message));
            return 1;
        }
    }

    /// <summary>The answer to <paramref name="ask"/>, or Held when the vault is held by a process that does not serve it.</summary>
    private static async Task<(bool Held, T Answer)> AskAsync<T>(string directory, Func<IVaultControl, Task<T>> ask)
    {
        var control = await VaultControl.ConnectAsync(directory).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            try
            {
                return (false, await ask(control).ConfigureAwait(false));
            }
            catch (VaultControlException e) when (e.Kind == ControlErrorKind.Busy && control is InProcessVaultControl)
            {
                return (true, default!);
            }
        }
    }
}
