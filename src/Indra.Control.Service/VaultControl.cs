using Indra.Engine.Vaults;

namespace Indra.Control.Service;

/// <summary>The one way front ends (the CLI, the PowerShell module) reach a vault's control API.</summary>
public static class VaultControl
{
    /// <summary>
    /// A control of the vault at <paramref name="vaultDirectory"/>: its daemon's (<see cref="DaemonVaultControl"/>) when
    /// a daemon answers on the vault's control socket (<see cref="ControlSocket.PathFor"/>), else an
    /// <see cref="InProcessVaultControl"/> that opens the vault for each call. Dispose it when done.
    /// </summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    /// <param name="services">Clock and logging for the in-process form (default: none).</param>
    /// <param name="cancellation">Cancels the probe of the socket.</param>
    /// <exception cref="VaultControlException">Unavailable: no vault at <paramref name="vaultDirectory"/>.</exception>
    public static async Task<IVaultControl> ConnectAsync(string vaultDirectory, VaultServices? services = null, CancellationToken cancellation = default)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(vaultDirectory));
        if (!VaultLayout.Exists(directory)) throw new VaultControlException(ControlErrorKind.Unavailable, $"no vault at {directory} (run 'indra init --vault {directory}')");
        var socket = ControlSocket.PathFor(directory);
        if (await DaemonVaultControl.AnswersAsync(socket, cancellation).ConfigureAwait(false)) return new DaemonVaultControl(socket);
        return new InProcessVaultControl(directory, services);
    }

    /// <summary>True when a daemon answers on the control socket of the vault at <paramref name="vaultDirectory"/>.</summary>
    public static Task<bool> IsServedAsync(string vaultDirectory, CancellationToken cancellation = default) =>
        DaemonVaultControl.AnswersAsync(ControlSocket.PathFor(vaultDirectory), cancellation);
}
