using System.Diagnostics;
using System.Management.Automation;
using Indra.Control.Model;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Cmdlets;

/// <summary>Mount-IndraVault: mounts the vault at a mount point by starting the indra CLI's daemon
/// (<c>indra mount MOUNTPOINT --vault VAULT --background</c>), which returns once the mount is live; then writes the
/// vault's state. The CLI is found as <see cref="IndraCli"/> says.</summary>
/// <example><code>Mount-IndraVault ~/indra</code>Mounts the default vault at ~/indra (the vault's files appear in ~/indra/vault) and writes its state.</example>
/// <example><code>$env:INDRA_CLI = '/opt/indra/indra'; Mount-IndraVault /mnt/work -Vault ~/vaults/work -WhatIf</code>Names the CLI to start and shows what would be mounted without mounting.</example>
[Cmdlet(VerbsData.Mount, "IndraVault", SupportsShouldProcess = true)]
[OutputType(typeof(VaultStatus))]
public sealed class MountIndraVaultCommand : IndraCmdlet
{
    /// <summary>An existing, empty directory to mount on.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string MountPoint { get; set; } = "";

    /// <summary>Let other local users enter the mount (FUSE allow_other).</summary>
    [Parameter]
    public SwitchParameter AllowOther { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var target = GetUnresolvedProviderPathFromPSPath(MountPoint);
        var vault = VaultPath;
        if (!ShouldProcess($"{vault} at {target}", "Mount")) return;
        var (program, prefix) = IndraCli.Locate(SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(["mount", target, "--vault", vault, "--background"])) start.ArgumentList.Add(argument);
        if (AllowOther) start.ArgumentList.Add("--allow-other");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(Cancellation);
        var stderr = process.StandardError.ReadToEndAsync(Cancellation);
        process.WaitForExitAsync(Cancellation).GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            var line = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"indra mount exited with {process.ExitCode}";
            WriteError(ControlErrors.Record("Mount", ErrorCategory.InvalidOperation, line, target));
            return;
        }
        _ = stdout.Result;
        Emit(vault, (control, token) => control.GetStatusAsync(token));
    }
}
