using System.Text;
using System.Text.Json;
using Indra.Engine.Vaults;
using Indra.Hashing;

namespace Indra.Cli.Hosting;

/// <summary>
/// Which daemon serves which mount point, so that <c>indra unmount</c> and <c>indra status</c> can find it: one small
/// JSON file per mount in <c>$XDG_RUNTIME_DIR/indra/mounts</c> (else <c>/tmp/indra-UID/mounts</c>), written by the
/// daemon after mounting and removed after unmounting.
/// </summary>
internal static class MountRegistry
{
    /// <summary>A registered mount.</summary>
    internal sealed record Registration(int Pid, string MountPoint, string Vault, DateTime StartedUtc);

    private static string Directory
    {
        get
        {
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            var root = string.IsNullOrEmpty(runtime) ? Path.Combine(Path.GetTempPath(), $"indra-{Engine.Interop.CurrentUser.Uid}") : Path.Combine(runtime, "indra");
            return Path.Combine(root, "mounts");
        }
    }

    internal static void Register(Registration registration)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(FileFor(registration.MountPoint), JsonSerializer.Serialize(registration));
    }

    internal static void Remove(string mountPoint)
    {
        var file = FileFor(mountPoint);
        if (File.Exists(file)) File.Delete(file);
    }

    /// <summary>The registration for <paramref name="mountPoint"/>, if its daemon is still alive.</summary>
    internal static Registration? Find(string mountPoint)
    {
        var file = FileFor(mountPoint);
        return File.Exists(file) ? Read(file) : null;
    }

    /// <summary>Every registration whose daemon is still alive.</summary>
    internal static IEnumerable<Registration> All()
    {
        if (!System.IO.Directory.Exists(Directory)) yield break;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            if (Read(file) is { } registration) yield return registration;
        }
    }

    /// <summary>True while the daemon <paramref name="pid"/> runs (see <see cref="ProcessLiveness.IsAlive"/>).</summary>
    internal static bool IsAlive(int pid) => ProcessLiveness.IsAlive(pid);

    private static Registration? Read(string file)
    {
        try
        {
            var registration = JsonSerializer.Deserialize<Registration>(File.ReadAllText(file));
            return registration is not null && IsAlive(registration.Pid) ? registration : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static string FileFor(string mountPoint)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        return Path.Combine(Directory, Blake3.Hash(Encoding.UTF8.GetBytes(full)).ToString()[..24] + ".json");
    }
}
