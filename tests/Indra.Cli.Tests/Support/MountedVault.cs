namespace Indra.Cli.Tests.Support;

/// <summary>
/// A fresh vault in a temporary directory, mounted in the background through the CLI (indra init; indra mount -b),
/// unmounted and deleted on dispose. One per fixture.
/// </summary>
internal sealed class MountedVault : IDisposable
{
    /// <param name="blockSize">The vault's block size in bytes.</param>
    /// <param name="beforeMount">Runs on the vault directory between init and mount.</param>
    /// <param name="allowOther">Mount with --allow-other, so that other uids (setpriv) may enter.</param>
    /// <param name="devices">Mount with --dev, so device nodes open as on ext4.</param>
    /// <param name="debug">Mount with --debug, so the daemon's log traces every request.</param>
    /// <param name="environment">Variables added to the environment of the CLI and its daemon (INDRA_POLICY_FILE).</param>
    public MountedVault(int blockSize = 1 << 20, Action<string>? beforeMount = null, bool allowOther = false, bool devices = false, bool debug = false,
        IDictionary<string, string>? environment = null)
    {
        Environment = environment;
        _allowOther = allowOther;
        _devices = devices;
        _debug = debug;
        Root = Path.Combine(Path.GetTempPath(), "indra-test-" + Guid.NewGuid().ToString("N")[..12]);
        VaultDirectory = Path.Combine(Root, "vault-store");
        MountPoint = Path.Combine(Root, "mnt");
        Directory.CreateDirectory(MountPoint);
        IndraCli.Run("init", "--vault", VaultDirectory, "--block-size", blockSize.ToString(System.Globalization.CultureInfo.InvariantCulture)).Ok();
        beforeMount?.Invoke(VaultDirectory);
        Mount();
    }

    private readonly bool _allowOther;
    private readonly bool _devices;
    private readonly bool _debug;

    /// <summary>Variables added to the environment of every indra run of this vault, or null.</summary>
    public IDictionary<string, string>? Environment { get; }

    public string Root { get; }

    public string VaultDirectory { get; }

    public string MountPoint { get; }

    /// <summary>MOUNT/vault: the read-write root tree.</summary>
    public string Vault => Path.Combine(MountPoint, "vault");

    public string Meta => Path.Combine(MountPoint, ".indra");

    /// <summary>VAULT/indra.log: the background daemon's log.</summary>
    public string LogFile => Path.Combine(VaultDirectory, "indra.log");

    public void Mount() =>
        IndraCli.RunWith(Environment, ["mount", MountPoint, "--vault", VaultDirectory, "--background", .. _allowOther ? new[] { "--allow-other" } : [], .. _devices ? new[] { "--dev" } : [], .. _debug ? new[] { "--debug" } : []]).Ok();

    public void Unmount() => IndraCli.RunWith(Environment, "unmount", MountPoint).Ok();

    public bool IsMounted => File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal);

    public void Dispose()
    {
        if (IsMounted)
        {
            var result = IndraCli.Run("unmount", MountPoint);
            if (result.ExitCode != 0 || IsMounted) Shell.Run("umount", ["-l", MountPoint]);
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException e)
        {
            TestContext.Progress.WriteLine($"could not delete {Root}: {e.Message}");
        }
    }
}
