using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.ObjectStore.Tests;

/// <summary>
/// A vault whose blocks are on the run's Ceph cluster (<c>indra init --blocks s3://BUCKET/PREFIX --endpoint URL</c>,
/// a prefix of its own), mounted by a real daemon (<c>indra mount --background</c>) and driven by the CLI in its own
/// processes; unmounted and deleted on dispose (its objects stay in the throwaway bucket).
/// </summary>
internal sealed class ObjectVault : IDisposable
{
    /// <param name="name">A name for the test's folder and prefix.</param>
    /// <param name="mount">Mount it now.</param>
    /// <param name="initArguments">More arguments for <c>indra init</c> (e.g. --encrypt).</param>
    internal ObjectVault(string name, bool mount = true, params string[] initArguments)
    {
        Root = Path.Combine(Path.GetTempPath(), $"indra-os-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Prefix = $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
        VaultDirectory = Path.Combine(Root, "vault-store");
        MountPoint = Path.Combine(Root, "mnt");
        Directory.CreateDirectory(MountPoint);
        Cli(["init", "--blocks", Url, "--endpoint", Ceph.Cluster.Endpoint, .. initArguments]).Ok();
        if (mount) Mount();
    }

    /// <summary>A folder for the test's own files (sources to compare with).</summary>
    internal string Root { get; }

    internal string Prefix { get; }

    internal string Url => $"s3://{Ceph.Cluster.Bucket}/{Prefix}";

    internal string VaultDirectory { get; set; }

    internal string MountPoint { get; }

    /// <summary>MOUNT/vault.</summary>
    internal string Vault => Path.Combine(MountPoint, "vault");

    internal string LogFile => Path.Combine(VaultDirectory, "indra.log");

    internal bool IsMounted => File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal);

    /// <summary>Runs <c>indra ARGS --vault VAULT</c>.</summary>
    internal Shell.Result Cli(params string[] arguments) => Run([.. arguments, "--vault", VaultDirectory]);

    /// <summary>Runs <c>indra ARGS</c> with this process's environment plus <paramref name="environment"/>.</summary>
    internal static Shell.Result Run(string[] arguments, IDictionary<string, string>? environment = null) =>
        Shell.Run("dotnet", [IndraDll, .. arguments], timeout: TimeSpan.FromMinutes(2), environment: environment);

    internal void Mount() => Run(["mount", MountPoint, "--vault", VaultDirectory, "--background"]).Ok();

    internal void Unmount()
    {
        if (!IsMounted) return;
        var result = Run(["unmount", MountPoint]);
        if (result.ExitCode != 0 || IsMounted) Shell.Run("umount", ["-l", MountPoint]);
    }

    /// <summary>The daemon's process id (its command line names this mount point).</summary>
    internal int DaemonPid()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (arguments.Contains("mount") && arguments.Contains(MountPoint)) return pid;
            }
            catch (IOException)
            {
                // Ended meanwhile.
            }
        }
        throw new InvalidOperationException($"no daemon serves {MountPoint}");
    }

    /// <summary>The blocks the vault's metadata names that live outside the database (larger than the inline limit).</summary>
    internal HashSet<Blake3Hash> StoredBlocks()
    {
        using var metadata = MetadataStore.OpenReadOnly(Path.Combine(VaultDirectory, VaultLayout.MetadataFile));
        return metadata.ListBlocks().Where(b => b.Size > Engine.Vaults.Vault.InlineBlockLimit).Select(b => b.Hash).ToHashSet();
    }

    /// <summary>The cache's last status (VAULT/blocks/cache-status.json), or null.</summary>
    internal Indra.Storage.Blocks.Cache.BlockCacheStatus? CacheStatus() => BlockTier.StatusOf(VaultDirectory);

    /// <summary>
    /// Waits until every block the metadata names is in the bucket and the cache's status, written after
    /// <paramref name="since"/>, shows an empty upload queue.
    /// </summary>
    internal void WaitUploaded(DateTimeOffset since, TestBucket bucket, TimeSpan? timeout = null) =>
        Wait.Until(() => CacheStatus() is { QueuedBlocks: 0 } status && status.WrittenUtc > since && StoredBlocks().IsSubsetOf(bucket.Blocks()),
            "every block uploaded", timeout ?? TimeSpan.FromSeconds(90));

    /// <summary>
    /// Writes <paramref name="data"/> to MOUNT/vault/<paramref name="name"/>, waits until it is uploaded, and returns the
    /// blocks (outside the database) that the write added.
    /// </summary>
    internal HashSet<Blake3Hash> WriteUploaded(string name, byte[] data, TestBucket bucket)
    {
        var before = StoredBlocks();
        var since = DateTimeOffset.UtcNow;
        File.WriteAllBytes(Path.Combine(Vault, name), data);
        WaitUploaded(since, bucket);
        return StoredBlocks().Except(before).ToHashSet();
    }

    /// <summary>Deletes the local block cache (VAULT/blocks): what is read next comes from the object store.</summary>
    internal void WipeCache()
    {
        Assert.That(IsMounted, Is.False, "the cache is wiped only while unmounted");
        Directory.Delete(Path.Combine(VaultDirectory, VaultLayout.BlocksDirectory), recursive: true);
    }

    /// <summary>The CLI as its own project built it (src/Indra.Cli/bin/CONFIGURATION/TFM/indra.dll).</summary>
    private static string IndraDll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var dll = Path.Combine(Ceph.Repository, "src", "Indra.Cli", "bin", output.Parent!.Name, output.Name, "indra.dll");
            if (!File.Exists(dll)) Assert.Fail($"{dll} is missing: build Indra.sln first");
            return dll;
        }
    }

    public void Dispose()
    {
        Unmount();
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
