using System.Security.Cryptography;
using System.Text;
using Indra.FileSystem;

namespace Indra.Platform.ProjFS.Hosting;

/// <summary>
/// A mount's state directory: the virtualization instance id (created once, so the root is re-marked with the same
/// id), whether the root was marked, the file names of the journal, conflict log and placeholder index, and a lock
/// file held for the mount's lifetime so that a second host cannot serve the same root.
/// </summary>
internal sealed class MountState : IDisposable
{
    private const string InstanceFile = "instance.txt";
    private const string MarkedFile = "root-marked";

    private readonly FileStream _lock;

    private MountState(string directory, Guid instanceId, FileStream lockFile)
    {
        Directory = directory;
        InstanceId = instanceId;
        _lock = lockFile;
    }

    /// <summary>The state directory.</summary>
    public string Directory { get; }

    /// <summary>The virtualization instance id.</summary>
    public Guid InstanceId { get; }

    /// <summary>True when an earlier mount marked the root.</summary>
    public bool RootMarked => File.Exists(System.IO.Path.Combine(Directory, MarkedFile));

    /// <summary>The dirty queue journal.</summary>
    public string JournalPath => System.IO.Path.Combine(Directory, "dirty-queue.jsonl");

    /// <summary>The conflict log.</summary>
    public string ConflictLogPath => System.IO.Path.Combine(Directory, "conflicts.jsonl");

    /// <summary>The placeholder index.</summary>
    public string PlaceholderIndexPath => System.IO.Path.Combine(Directory, "placeholders.txt");

    /// <summary>The default state directory of <paramref name="root"/>.</summary>
    public static string DefaultDirectory(string root)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root.ToUpperInvariant())))[..16];
        return System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "Indra", "projfs", key);
    }

    /// <summary>Opens (creating) the state directory and takes its lock.</summary>
    /// <exception cref="MountException">The directory cannot be created, or another host holds the lock.</exception>
    public static MountState Open(string directory, string root)
    {
        FileStream lockFile;
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            lockFile = new FileStream(System.IO.Path.Combine(directory, "host.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new MountException($"{root} is already being served by another indra process (state {directory} is locked)", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new MountException($"cannot use the state directory {directory}: {exception.Message}", exception);
        }

        try
        {
            var instancePath = System.IO.Path.Combine(directory, InstanceFile);
            var lines = File.Exists(instancePath) ? File.ReadAllLines(instancePath) : [];
            if (lines.Length == 0 || !Guid.TryParse(lines[0], out var instanceId))
            {
                instanceId = Guid.NewGuid();
                File.WriteAllLines(instancePath, [instanceId.ToString("D"), root]);
            }

            return new MountState(directory, instanceId, lockFile);
        }
        catch (IOException exception)
        {
            lockFile.Dispose();
            throw new MountException($"cannot use the state directory {directory}: {exception.Message}", exception);
        }
    }

    /// <summary>Remembers that the root was marked.</summary>
    public void MarkRoot() => File.WriteAllText(System.IO.Path.Combine(Directory, MarkedFile), DateTime.UtcNow.ToString("O"));

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();
}
