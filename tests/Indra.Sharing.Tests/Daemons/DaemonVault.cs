using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// A vault served by a real daemon, as a user runs one: <c>indra init</c>, <c>indra peer listen</c> on a free loopback
/// port, <c>indra mount --background</c>; unmounted and deleted on dispose. Every CLI call runs the built indra.dll in
/// its own process.
/// </summary>
internal sealed class DaemonVault : IDisposable
{
    /// <param name="root">A folder of the test run; the vault lives in ROOT/NAME.</param>
    /// <param name="name">The vault's name, and the name peers pair it under.</param>
    /// <param name="mount">Mount it now.</param>
    /// <param name="listenOnFreePort">Run <c>indra peer listen</c> on a free port; false keeps the port <c>indra init</c> chose.</param>
    /// <param name="initArguments">More arguments of <c>indra init</c> (e.g. <c>--block-size</c>).</param>
    internal DaemonVault(string root, string name, bool mount = true, bool listenOnFreePort = true, IReadOnlyList<string>? initArguments = null)
    {
        Name = name;
        Root = Path.Combine(root, name);
        VaultDirectory = Path.Combine(Root, "vault-store");
        MountPoint = Path.Combine(Root, "mnt");
        Directory.CreateDirectory(MountPoint);
        Cli(["init", .. initArguments ?? []]).Ok();
        if (listenOnFreePort) Cli("peer", "listen", $"127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}").Ok();
        if (mount) Mount();
    }

    internal string Name { get; }

    /// <summary>ROOT/NAME: the vault directory and the mount point are inside.</summary>
    internal string Root { get; }

    internal string VaultDirectory { get; }

    internal string MountPoint { get; }

    /// <summary>MOUNT/vault: the read-write tree.</summary>
    internal string Vault => Path.Combine(MountPoint, "vault");

    /// <summary>MOUNT/peers/<paramref name="peer"/>: what that peer shares with us.</summary>
    internal string PeerView(string peer) => Path.Combine(MountPoint, "peers", peer);

    /// <summary>MOUNT/.indra/peers.json, parsed.</summary>
    internal System.Text.Json.JsonDocument PeersJson() => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(MountPoint, ".indra", "peers.json")));

    /// <summary>VAULT/indra.log: the daemon's log.</summary>
    internal string LogFile => Path.Combine(VaultDirectory, "indra.log");

    /// <summary>This vault's invite (indra peer invite).</summary>
    internal string Invite => Cli("peer", "invite").Ok().Stdout.Trim();

    /// <summary>This vault's player id (the hex between "indra:" and "@" of its invite).</summary>
    internal string PlayerId => Invite["indra:".Length..Invite.IndexOf('@', StringComparison.Ordinal)];

    /// <summary>The daemon's process id (from the mount registry's command line in /proc).</summary>
    internal int Pid
    {
        get
        {
            foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
                try
                {
                    var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                    if (arguments.Contains("mount") && arguments.Contains(MountPoint)) return pid;
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
            }
            throw new InvalidOperationException($"no daemon serves {MountPoint}");
        }
    }

    internal bool IsMounted => File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal);

    /// <summary>Runs <c>indra ARGS --vault VAULT</c>.</summary>
    internal Shell.Result Cli(params string[] arguments) => Run([.. arguments, "--vault", VaultDirectory]);

    /// <summary>Runs <c>indra ARGS</c> as given.</summary>
    internal static Shell.Result Run(params string[] arguments) => Shell.Run("dotnet", [IndraDll, .. arguments], timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// The CLI as its own project built it (src/Indra.Cli/bin/CONFIGURATION/TFM/indra.dll), with its own dependencies: the
    /// copy beside this test assembly runs on this project's ASP.NET Core framework and lacks the logging packages.
    /// </summary>
    internal static string IndraDll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            var repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(repository, "src", "Indra.Cli", "bin", configuration, framework, "indra.dll");
            if (!File.Exists(dll)) Assert.Fail($"{dll} is missing: build Indra.sln first");
            return dll;
        }
    }

    /// <summary>Mounts it with <c>indra mount -b</c> and <paramref name="options"/> (e.g. <c>--dashboard</c>); returns what the CLI printed.</summary>
    internal Shell.Result Mount(params string[] options) => Run(["mount", MountPoint, "--vault", VaultDirectory, "--background", .. options]).Ok();

    internal void Unmount()
    {
        if (!IsMounted) return;
        var result = Run("unmount", MountPoint);
        if (result.ExitCode != 0 || IsMounted) Shell.Run("umount", ["-l", MountPoint]);
    }

    /// <summary>
    /// Pairs <paramref name="a"/> and <paramref name="b"/> both ways (each adds the other's invite under its name), each
    /// auto-accepting the other's offers unless <paramref name="autoAccept"/> is false.
    /// </summary>
    internal static void Pair(DaemonVault a, DaemonVault b, bool autoAccept = true)
    {
        string[] accept = autoAccept ? ["--auto-accept"] : [];
        a.Cli(["peer", "add", b.Name, b.Invite, .. accept]).Ok();
        b.Cli(["peer", "add", a.Name, a.Invite, .. accept]).Ok();
    }

    /// <summary>The daemon's log, or "" when there is none yet.</summary>
    internal string LogText() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Unmount();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException e)
        {
            TestContext.Progress.WriteLine($"could not delete {Root}: {e.Message}");
        }
    }
}
