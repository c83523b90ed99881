using Indra.Control;
using Indra.Control.Service;

namespace Indra.Cli.Commands;

/// <summary>
/// How a reporting verb reaches a vault whether or not a daemon holds it: <see cref="VaultControl.ConnectAsync"/> gives
/// the daemon's control API when one answers, else the in-process one (which opens the vault for each call). A failed
/// request prints its one line on stderr and exits 1.
/// </summary>
internal static class ControlCall
{
    /// <summary>Runs <paramref name="work"/> against the vault at <paramref name="vault"/>.</summary>
    /// <returns>0, or 1 after printing the failure.</returns>
    public static int Run(string vault, Func<IVaultControl, Task> work) => RunAsync(vault, async control =>
    {
        await work(control).ConfigureAwait(false);
        return 0;
    }, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="work"/> against the vault at <paramref name="vault"/>; its result is the exit code.</summary>
    public static async Task<int> RunAsync(string vault, Func<IVaultControl, Task<int>> work, CancellationToken cancellation)
    {
        try
        {
            var control = await VaultControl.ConnectAsync(vault, cancellation: cancellation).ConfigureAwait(false);
            await using (control.ConfigureAwait(false))
            {
                return await work(control).ConfigureAwait(false);
            }
        }
        catch (VaultControlException e)
        {
            Console.Error.WriteLine(Hosting.ErrorLine.Format(e.Message));
            return 1;
        }
    }
}
