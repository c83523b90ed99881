namespace Indra.Cli.Tests.Support;

/// <summary>Runs the built indra CLI as <see cref="OtherUser"/> (uid and gid 65534, no supplementary groups), through setpriv(1).</summary>
internal static class OtherUserCli
{
    private static readonly Lazy<string> Dll = new(Locate);

    /// <summary>
    /// Runs indra with <paramref name="arguments"/> as the other user, in the temporary folder (the test's own working
    /// folder may be closed to that user) and with HOME set to it.
    /// </summary>
    public static Indra.Tests.Shared.Shell.Result Run(params string[] arguments) =>
        Indra.Tests.Shared.Shell.Run("setpriv", [.. AsOtherUser, "env", "HOME=" + Path.GetTempPath(), "dotnet", Dll.Value, .. arguments],
            workingDirectory: Path.GetTempPath(), timeout: TimeSpan.FromMinutes(3));

    /// <summary>Runs a shell <paramref name="script"/> (sh -c) as the other user, with <paramref name="arguments"/> as $1...</summary>
    public static Indra.Tests.Shared.Shell.Result Shell(string script, params string[] arguments) =>
        Indra.Tests.Shared.Shell.Run("setpriv", [.. AsOtherUser, "sh", "-c", script, "sh", .. arguments], workingDirectory: Path.GetTempPath());

    /// <summary>Makes <paramref name="path"/> and everything under it the other user's.</summary>
    public static void Own(string path) =>
        Assert.That(Indra.Tests.Shared.Shell.Run("chown", ["-R", OtherUser.Id + ":" + OtherUser.Id, path]).ExitCode, Is.Zero, "chown " + path);

    /// <summary>Skips the test where the other user cannot run the CLI at all (a .NET installed where only root may enter).</summary>
    public static void AssumeRunnable() =>
        Assume.That(Run("--version").ExitCode, Is.Zero, $"uid {OtherUser.Id} can run dotnet and the built CLI");

    /// <summary>
    /// A new folder in the temporary folder, the other user's, holding a vault they made and an empty
    /// mount point; the test is skipped where that user cannot run the CLI (the folder is removed then). The caller
    /// deletes the folder.
    /// </summary>
    public static (string Root, string Vault, string MountPoint) CreateVault(string prefix)
    {
        var root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..8]);
        var (vault, mountPoint) = (Path.Combine(root, "vault"), Path.Combine(root, "mnt"));
        Directory.CreateDirectory(mountPoint);
        try
        {
            Own(root);
            AssumeRunnable();
            Run("init", "--vault", vault).Ok();
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
        return (root, vault, mountPoint);
    }

    /// <summary>Sets the mode of <c>/dev/fuse</c> until the returned scope is disposed, which puts the old mode back.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static IDisposable DeviceMode(Func<UnixFileMode, UnixFileMode> change)
    {
        var old = File.GetUnixFileMode(Device);
        File.SetUnixFileMode(Device, change(old));
        return new DeviceModeScope(old);
    }

    private const string Device = "/dev/fuse";

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private sealed class DeviceModeScope(UnixFileMode old) : IDisposable
    {
        public void Dispose() => File.SetUnixFileMode(Device, old);
    }

    private static string[] AsOtherUser => ["--reuid=" + OtherUser.Id, "--regid=" + OtherUser.Id, "--clear-groups"];

    /// <summary>
    /// The built indra.dll where it lies when the other user can read it there; otherwise (a checkout in a folder
    /// only root may enter, as <c>mktemp -d</c> makes them) a copy of the test's output folder in the temporary
    /// folder, removed when the test run ends.
    /// </summary>
    private static string Locate()
    {
        if (Indra.Tests.Shared.Shell.Run("setpriv", [.. AsOtherUser, "test", "-r", IndraCli.Dll]).ExitCode == 0) return IndraCli.Dll;
        var copy = Path.Combine(Path.GetTempPath(), $"indra-cli-for-{OtherUser.Id}-{Environment.ProcessId}");
        Copy(AppContext.BaseDirectory, copy);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(copy, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return Path.Combine(copy, Path.GetFileName(IndraCli.Dll));
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        foreach (var folder in Directory.EnumerateDirectories(from)) Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
    }
}
