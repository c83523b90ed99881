using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Indra.Cli.Hosting;
using Indra.Control;
using Indra.Control.Service;
using Indra.Control.Service.Transport;
using Indra.Engine.Identity;
using Indra.Engine.Vaults;
using Indra.Engine.Vaults.Keys;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Sharing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra mount MOUNTPOINT</c>: serves the vault at MOUNTPOINT until unmounted (foreground), or starts a detached
/// daemon that does so and returns once the mount is live (<c>--background</c>).
/// </summary>
internal static class MountCommand
{
    private static readonly TimeSpan UnmountTimeout = TimeSpan.FromSeconds(60);

    internal static Command Create()
    {
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "An existing, empty directory to mount the vault on" };
        var vault = CliOptions.Vault();
        var background = new Option<bool>("--background", "-b") { Description = "Run as a detached daemon (log: VAULT/indra.log); return once mounted" };
        var allowOther = new Option<bool>("--allow-other")
        {
            Description = "Let other local users enter the mount (FUSE allow_other; for a non-root user, user_allow_other in /etc/fuse.conf). "
                + "They can then read and change in vault/ whatever its files' modes allow them, as on a local disk (a file made 0644 is readable by all); "
                + "peers/ and realms/ stay yours alone (0500 folders, 0400 files), and so does .indra/. Without it only you (and root) can enter",
        };
        var devices = new Option<bool>("--dev") { Description = "Let device nodes in the vault be opened, as on ext4 (root only; the default is nodev)" };
        var debug = new Option<bool>("--debug") { Description = "Log every filesystem request" };
        var writebackCache = WritebackCacheOption.Create();
        var ioUring = IoUringOption.Create();
        var threads = new Option<int>("--threads") { Description = "Most worker threads serving requests", DefaultValueFactory = _ => 16 };
        var policyOptions = new Option<string[]>("--option", "-o")
        {
            Description = "Set a policy setting for this mount, SETTING=VALUE (e.g. quota.bytes=1073741824; see 'indra policy'); machine policy wins over it",
        };
        // The dashboard and the metrics endpoint (MountObservers).
        var (dashboard, metrics) = MountObservers.CreateOptions();
        var cacheSize = BlockCacheCliOptions.Size("for this mount, over the vault's setting");
        var durability = BlockCacheCliOptions.Durability("for this mount, over the vault's setting");
        var logFile = new Option<string?>("--log-file") { Description = "Append the log to this file instead of standard error (the daemon's VAULT/indra.log)", Hidden = true };
        var command = new Command("mount", "Mount the vault: MOUNTPOINT/vault (read-write), peers/, realms/ (read-only) and .indra/ (generated)")
        {
            mountPoint, vault, background, allowOther, devices, debug, threads, policyOptions, logFile,
            dashboard, metrics, cacheSize, durability, writebackCache, ioUring,
        };
        var keyFile = VaultKeyOptions.KeyFile(); // encryption at rest (docs/encryption.md)
        command.Options.Add(keyFile);
        command.SetAction(parse =>
        {
            var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parse.GetValue(mountPoint)!));
            var directory = Path.GetFullPath(parse.GetValue(vault)!);
            var settings = parse.GetValue(policyOptions) ?? [];
            var policy = MountPolicy.Load(settings, parse.GetValue(allowOther));
            var keys = VaultKeyOptions.ForOpening(directory, parse.GetValue(keyFile));
            Preflight(target, directory, keys);
            var options = new MountOptions(target, parse.GetValue(allowOther), parse.GetValue(debug), Math.Max(1, parse.GetValue(threads)), parse.GetValue(devices), parse.GetValue(writebackCache), parse.GetValue(ioUring));
            var observers = MountObservers.Read(parse, dashboard, metrics);
            var cache = new BlockCacheOverrides(parse.GetValue(cacheSize), BlockCacheCliOptions.ParseDurability(parse.GetValue(durability)));
            return parse.GetValue(background) ? StartDaemon(target, directory, options, settings, keys, observers, cache) : Serve(target, directory, options, parse.GetValue(logFile), policy, keys, observers, cache);
        });
        return command;
    }

    /// <summary>Refuses, changing nothing, what cannot work: a missing or non-directory mount point, one already mounted, no vault.</summary>
    private static void Preflight(string target, string directory, VaultKeyOptions keys)
    {
        if (File.Exists(target)) throw new CliException($"mount point {target} is not a directory");
        if (!Directory.Exists(target)) throw new CliException($"mount point {target} does not exist");
        if (MountTable.Find(target) is { } mounted)
        {
            if (mounted.FsType != "fuse.indra" || MountRegistry.Find(target) is not null) throw new CliException($"{target} is already mounted ({mounted.FsType})");
            Console.Error.WriteLine($"indra: recovering the stale mount at {target} left by a daemon that died");
            UnmountCommand.Detach(target);
            MountRegistry.Remove(target);
        }
        if (!VaultLayout.Exists(directory)) throw new CliException($"no vault at {directory} (run 'indra init --vault {directory}')");
        // A player key open to others is refused before a daemon starts (the daemon's Vault.Open refuses it too).
        PlayerIdentity.RequireOwnerOnly(Path.Combine(directory, VaultLayout.IdentityFile));
        // So is a wrong passphrase or key file of an encrypted vault (asked for here, once).
        VaultKeyFile.Check(directory, keys.Source);
    }

    private static int Serve(string target, string directory, MountOptions options, string? logFile, Indra.Policy.EffectivePolicy policy, VaultKeyOptions keys, MountObservers.Ports observed, BlockCacheOverrides cache)
    {
        var clock = TimeProvider.System;
        using var loggers = CliLogging.Create(options.Debug, logFile is null ? null : Path.GetFullPath(logFile), clock);
        var log = loggers.CreateLogger(typeof(MountCommand).FullName!);
        // Signals are caught from the start: one that arrives while mounting ends the mount as soon as it is up.
        using var stop = new ManualResetEventSlim();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => { context.Cancel = true; stop.Set(); });
        using var vault = Vault.Open(directory, new VaultServices(clock, loggers) { Keys = keys.Source, BlockCache = cache });
        using var services = PlatformServices.Build(loggers, clock);
        var host = services.GetRequiredService<IPlatformHost>();
        if (!host.IsAvailable(out var reason)) throw new CliException(reason);
        using var fileSystem = new VaultFileSystem(vault);
        using var layered = Indra.Policy.Layers.PolicedVault.Compose(fileSystem, vault, policy, clock);
        IMountSession session;
        try
        {
            session = host.Mount(layered, options);
        }
        catch (MountException e)
        {
            throw new CliException(e.Message);
        }
        using (session)
        {
            var sharing = StartSharing(vault, fileSystem, directory, target, log, policy);
            var service = new VaultControlService(vault, layered, new MountContext(target, Environment.ProcessId, sharing, stop.Set));
            var control = StartControl(service, directory, loggers, log);
            var observers = MountObservers.Start(observed, service, vault, sharing, directory, loggers, log);
            // Registered once sharing and the control socket have started or failed, so that 'indra mount -b' returns with their state known.
            MountRegistry.Register(new MountRegistry.Registration(Environment.ProcessId, target, directory, clock.GetUtcNow().UtcDateTime));
            Console.WriteLine($"indra: mounted vault {directory} at {target} ({host.Name}, pid {Environment.ProcessId}); stop with 'indra unmount {target}' or Ctrl-C");
            WaitHandle.WaitAny([stop.WaitHandle, ((IAsyncResult)session.Completion).AsyncWaitHandle]);
            sharing?.Dispose();
            if (!session.Completion.IsCompleted && !session.Unmount(UnmountTimeout))
            {
                log.LogWarning("the mount at {MountPoint} did not end within {Seconds:0} s", target, UnmountTimeout.TotalSeconds);
            }
            // The control socket closes last but the flush: a client that asked for the unmount sees it go once the
            // mount is gone, and whatever it wrote meanwhile is flushed below.
            control?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            observers.DisposeAsync().AsTask().GetAwaiter().GetResult();
            fileSystem.FlushAll();
            MountRegistry.Remove(target);
            Console.WriteLine($"indra: unmounted {target}");
        }
        return 0;
    }

    /// <summary>
    /// Starts sharing and attaches its views, or logs why it is off; either way the outcome is recorded for
    /// <c>indra status</c> (<see cref="SharingOff"/>). A vault with no port of its own gets a hint in the log.
    /// </summary>
    private static SharingService? StartSharing(Vault vault, VaultFileSystem fileSystem, string directory, string target, ILogger log, Indra.Policy.EffectivePolicy policy)
    {
        try
        {
            if (!policy.SharingEnabled) throw new SharingException($"turned off by {policy[Indra.Policy.Settings.PolicySettings.SharingEnabled].Source.Describe()} (sharing.enabled: false)");
            var options = SharingOptions.FromVault(directory, target);
            options.PeerQuotaBytesCap = policy.PeerQuotaBytes;
            options.PeerQuotaEntriesCap = policy.PeerQuotaFiles;
            if (options.SharedDefaultPort)
            {
                log.LogWarning("this vault has no peer port of its own and listens on {Address}:{Port}, which every such vault on this machine asks for; "
                    + "give it one with 'indra peer listen 127.0.0.1:PORT --vault {Directory}' (its peers then need its new invite)",
                    options.ListenAddress, options.Port, directory);
            }
            var sharing = SharingService.Start(vault, fileSystem, options);
            fileSystem.AttachSharedViews(sharing);
            fileSystem.AttachMetaFile("peers.json", sharing.PeersJson);
            fileSystem.AttachMetaFile("changes.jsonl", sharing.ChangesText);
            fileSystem.AttachMetaFile("peer-heat.json", sharing.PeerAttentionJson);
            fileSystem.AttachMetaFile("sync-status.json", sharing.SyncStatusJson);
            fileSystem.AttachPeerAttention(() => sharing.PeerAttention().ToDictionary(a => "vault/" + a.Path, a => a.DistinctPeers));
            RecordSharing(directory, null, log);
            return sharing;
        }
        catch (SharingException e)
        {
            log.LogWarning("sharing is off: {Reason}", e.Message);
            RecordSharing(directory, e.Message, log);
            return null;
        }
    }

    /// <summary>
    /// Serves the control API on the vault's socket (<see cref="ControlSocket.PathFor"/>), or logs why it cannot; the
    /// mount works without it (the CLI then finds no daemon answering and says the vault is busy).
    /// </summary>
    private static ControlServer? StartControl(VaultControlService control, string directory, ILoggerFactory loggers, ILogger log)
    {
        try
        {
            return ControlServer.StartAsync(control, directory, loggers).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or System.Net.Sockets.SocketException)
        {
            log.LogWarning("the control API is off: {Reason}", e.GetBaseException().Message);
            return null;
        }
    }

    /// <summary>Records why sharing is off (<paramref name="offReason"/>), or clears the reason when it started.</summary>
    private static void RecordSharing(string directory, string? offReason, ILogger log)
    {
        try
        {
            if (offReason is null) SharingOff.Clear(directory);
            else SharingOff.Record(directory, offReason);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("cannot record the sharing state for 'indra status': {Reason}", e.Message);
        }
    }

    private static int StartDaemon(string target, string directory, MountOptions options, IReadOnlyList<string> settings, VaultKeyOptions keys, MountObservers.Ports observed, BlockCacheOverrides cache)
    {
        var logFile = Path.Combine(directory, "indra.log");
        // Made owner-only here: the shell's >> below would create it 0666 less the umask.
        FileLoggerProvider.CreateOwnerOnly(logFile);
        var exe = Environment.ProcessPath ?? throw new CliException("cannot find the indra executable to start the daemon");
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") arguments.Add(typeof(MountCommand).Assembly.Location);
        arguments.AddRange(["mount", target, "--vault", directory, "--threads", options.MaxThreads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-file", logFile]);
        if (options.AllowOther) arguments.Add("--allow-other");
        if (options.Devices) arguments.Add("--dev");
        if (options.Debug) arguments.Add("--debug");
        if (options.WritebackCache) arguments.Add(WritebackCacheOption.Name);
        arguments.AddRange([IoUringOption.Name, options.IoUring ? "true" : "false"]);
        foreach (var setting in settings) arguments.AddRange(["--option", setting]);
        arguments.AddRange(observed.Arguments());
        if (cache.CacheSize is { } cacheBytes) arguments.AddRange(["--cache-size", cacheBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (cache.Durability is { } cacheDurability) arguments.AddRange(["--durability", cacheDurability.ToString().ToLowerInvariant()]);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment[ErrorLine.DaemonVariable] = "1";
        // The daemon has no terminal: it gets the key file's path, or the passphrase typed here in its environment.
        if (keys.Source.KeyFile is { } keyPath) arguments.AddRange(["--key-file", keyPath]);
        else if (keys.Passphrase is { } passphrase) start.Environment[VaultKeySource.PassphraseVariable] = passphrase;
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$1\"; shift; setsid \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!");
        start.ArgumentList.Add("indra-daemon");
        start.ArgumentList.Add(logFile);
        start.ArgumentList.Add(exe);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var logStart = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        using var shell = Process.Start(start) ?? throw new CliException("cannot start the daemon");
        var pidText = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        if (!int.TryParse(pidText, out var pid)) throw new CliException("cannot start the daemon");
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            if (MountTable.Find(target) is not null && MountRegistry.Find(target)?.Pid == pid)
            {
                Console.WriteLine($"indra: mounted vault {directory} at {target} (daemon pid {pid}, log {logFile})");
                if (observed.Dashboard is not null && Indra.Control.Service.Dashboard.DashboardServer.ReadUrl(directory) is { } url) Console.WriteLine($"indra: dashboard at {url}");
                return 0;
            }
            if (!MountRegistry.IsAlive(pid)) throw new CliException(DaemonError(logFile, logStart, pid) ?? $"the daemon (pid {pid}) exited before mounting; see {logFile}");
            Thread.Sleep(50);
        }
        throw new CliException($"the daemon (pid {pid}) did not mount {target} within 60 s; see {logFile}");
    }

    /// <summary>
    /// The error the daemon with process id <paramref name="pid"/> wrote to the log after byte <paramref name="from"/>,
    /// or null. When it says that libfuse printed why on standard error (which is that log), what libfuse and
    /// <c>fusermount3</c> printed there is put into the line (<see cref="LibfuseStandardError.Fold"/>), so the one
    /// line the caller prints says why.
    /// </summary>
    internal static string? DaemonError(string logFile, long from, int pid)
    {
        if (!File.Exists(logFile)) return null;
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var prefix = ErrorLine.DaemonPrefix(pid);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null) return null;
        return LibfuseStandardError.Fold(line[prefix.Length..], lines);
    }
}
