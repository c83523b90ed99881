using Indra.Control;
using Indra.Control.Service;

namespace Indra.PowerShell.Connection;

/// <summary>
/// Runs one control request against a vault: connects through the control library's factory (the daemon's endpoint
/// when a daemon holds the vault, else the vault opened in-process), runs the request, and disconnects. A connection
/// lasts one request, so an unmounted vault's single-writer lock is held only for the call and a daemon mounted
/// meanwhile is used by the next one.
/// </summary>
internal static class ControlConnection
{
    /// <summary>Runs <paramref name="request"/> on the vault at <paramref name="vaultDirectory"/> and waits for it on a pool
    /// thread (pwsh's pipeline thread must not run the continuations).</summary>
    /// <exception cref="VaultControlException">The request's failure, or Unavailable when no vault is there.</exception>
    internal static T Run<T>(string vaultDirectory, Func<IVaultControl, CancellationToken, Task<T>> request, CancellationToken cancellation) =>
        Task.Run(() => RunAsync(vaultDirectory, request, cancellation), cancellation).GetAwaiter().GetResult();

    /// <summary>Connects, runs <paramref name="request"/> and disconnects.</summary>
    internal static async Task<T> RunAsync<T>(string vaultDirectory, Func<IVaultControl, CancellationToken, Task<T>> request, CancellationToken cancellation)
    {
        await using var control = await ConnectAsync(vaultDirectory, cancellation).ConfigureAwait(false);
        return await request(control, cancellation).ConfigureAwait(false);
    }

    /// <summary>Runs a request that returns nothing.</summary>
    internal static void Run(string vaultDirectory, Func<IVaultControl, CancellationToken, Task> request, CancellationToken cancellation) =>
        Run(vaultDirectory, async (control, token) =>
        {
            await request(control, token).ConfigureAwait(false);
            return true;
        }, cancellation);

    private static Task<IVaultControl> ConnectAsync(string vaultDirectory, CancellationToken cancellation) =>
        VaultControl.ConnectAsync(vaultDirectory, cancellation: cancellation);
}
