using System.Security.Cryptography;
using System.Text;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;

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

    private readonly Stream _lock;
    private readonly ILocalFiles _files;

    private MountState(string directory, Guid instanceId, Stream lockFile, ILocalFiles files)
    {
        _files = files;
        Directory = directory;
        InstanceId = instanceId;
        _lock = lockFile;
    }

    /// <summary>The state directory.</summary>
    public string Directory { get; }

    /// <summary>The virtualization instance id.</summary>
    public Guid InstanceId { get; }

    /// <summary>True when an earlier mount marked the root.</summary>
    public bool RootMarked => _files.FileExists(System.IO.Path.Combine(Directory, MarkedFile));

    /// <summary>The host's local file access.</summary>
    public ILocalFiles Files => _files;

    /// <summary>The dirty queue journal.</summary>
    public string JournalPath => System.IO.Path.Combine(Directory, "dirty-queue.jsonl");

    /// <summary>The conflict log.</summary>
    public string ConflictLogPath => System.IO.Path.Combine(Directory, "conflicts.jsonl");

    /// <summary>The placeholder index.</summary>
    public string PlaceholderIndexPath => System.IO.Path.Combine(Directory, "placeholders.txt");

    /// <summary>Where write-back stages local files and re-hydration fetches vault content (emptied at mount).</summary>
    public string StagingDirectory => System.IO.Path.Combine(Directory, "staging");

    /// <summary>Deletes staging files a stopped host left behind (best effort).</summary>
    public void ClearStaging()
    {
        try
        {
            if (!_files.DirectoryExists(StagingDirectory))
            {
                return;
            }

            foreach (var leftover in _files.List(StagingDirectory))
            {
                _files.Delete(leftover);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // tried again at the next mount
        }
    }

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
    public static MountState Open(string directory, string root, ILocalFiles files)
    {
        Stream lockFile;
        try
        {
            files.CreateDirectory(directory);
            lockFile = files.Open(System.IO.Path.Combine(directory, "host.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
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
            var lines = files.FileExists(instancePath) ? files.ReadLines(instancePath) : [];
            if (lines.Count == 0 || !Guid.TryParse(lines[0], out var instanceId))
            {
                instanceId = Guid.NewGuid();
                files.WriteLines(instancePath, [instanceId.ToString("D"), root]);
            }

            return new MountState(directory, instanceId, lockFile, files);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            lockFile.Dispose();
            throw new MountException($"cannot use the state directory {directory}: {exception.Message}", exception);
        }
    }

    /// <summary>Remembers that the root was marked.</summary>
    public void MarkRoot() =>
        _files.WriteLines(System.IO.Path.Combine(Directory, MarkedFile), [DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();
}
