using Indra.Control;
using Indra.Control.Service;

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
}
