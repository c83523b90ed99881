using System.CommandLine;
using System.Diagnostics;
using Indra.Cli.Hosting;
using Indra.Platform.Fuse.Hosting;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra unmount MOUNTPOINT</c>: asks the daemon to flush everything staged and unmount (through its control API,
/// else SIGTERM), and waits.
/// A mount whose daemon is gone (killed) is detached; <c>--force</c> escalates when the daemon does not stop:
/// <c>fusermount3 -u</c>, a lazy unmount, then the kernel's connection abort.
/// </summary>
internal static class UnmountCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    internal static Command Create()
    {
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "Where the vault is mounted" };
        var force = new Option<bool>("--force", "-f") { Description = "If the daemon does not stop, detach the mount anyway (fusermount3 -u, umount -l, then abort the FUSE connection)" };
        var command = new Command("unmount", "Flush and unmount a mounted vault") { mountPoint, force };
        command.SetAction(parse =>
        {
            var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parse.GetValue(mountPoint)!));
            var registration = MountRegistry.Find(target);
            var mounted = MountTable.Find(target);
            if (registration is null && mounted is null) throw new CliException($"{target} is not mounted");
            if (registration is not null)
            {
                if (!AskDaemon(registration.Vault)) Interop.Unix.Kill(registration.Pid, Interop.Unix.SigTerm);
                var deadline = DateTime.UtcNow + Patience;
                while (DateTime.UtcNow < deadline && MountRegistry.IsAlive(registration.Pid)) Thread.Sleep(50);
                if (!MountRegistry.IsAlive(registration.Pid) && MountTable.Find(target) is null)
                {
                    Console.WriteLine($"indra: unmounted {target}");
                    return 0;
                }
                if (!parse.GetValue(force)) throw new CliException($"the daemon (pid {registration.Pid}) did not unmount {target} within {Patience.TotalSeconds:0} s; retry with --force");
            }
            Detach(target);
            MountRegistry.Remove(target);
            Console.WriteLine($"indra: detached {target}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Asks the daemon serving <paramref name="vault"/> to flush and unmount through its control API; false when it
    /// does not answer there or refuses (the caller then signals it, as before the control API).
    /// </summary>
    private static bool AskDaemon(string vault)
    {
        try
        {
            return ControlVerb.RunIfServed(vault, control => control.UnmountAsync()) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes a mount whose daemon is gone or stuck, escalating until it is gone.</summary>
    internal static void Detach(string target)
    {
        if (Run("fusermount3", "-u", target) && MountTable.Find(target) is null) return;
        if (Run("umount", "-l", target) && MountTable.Find(target) is null) return;
        if (MountTable.Find(target) is { DeviceMinor: >= 0 } entry)
        {
            var abort = $"/sys/fs/fuse/connections/{entry.DeviceMinor}/abort";
            if (File.Exists(abort)) File.WriteAllText(abort, "1");
            Run("umount", "-l", target);
        }
        if (MountTable.Find(target) is not null) throw new CliException($"cannot detach {target}");
    }

    private static bool Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start);
            if (process is null) return false;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
