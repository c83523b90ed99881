using Indra.Engine.Domain;
using Indra.Platform.ProjFS.Changes;
using Indra.Platform.ProjFS.Hosting;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// Finds, once per mount, files and folders created under <c>vault\</c> while no provider was running (ProjFS sends
/// no notifications then) and queues them as created, so they are written back like any other local change. It walks
/// only folders known to be on disk: folders the vault does not have (created locally) and folders the
/// <see cref="PlaceholderIndex"/> holds something in; a folder the host never materialized holds nothing local. Names
/// the vault already has are left alone without a stat (a virtual item, or a local file the placeholder re-check
/// covers; a stat of a virtual name would make ProjFS lay a placeholder down). Edits of
/// files the index knows are found by that re-check (size, write time and content against the base version).
/// Runs on the write-back thread, never inside a callback.
/// </summary>
internal sealed class NewLocalFileSweep
{
    private readonly LocalTree _local;
    private readonly VaultWriter _vault;
    private readonly PlaceholderIndex _index;
    private readonly DirtyQueue _queue;
    private readonly ProjFsLog _log;

    /// <summary>Creates the sweep.</summary>
    public NewLocalFileSweep(LocalTree local, VaultWriter vault, PlaceholderIndex index, DirtyQueue queue, ProjFsLog log)
    {
        _local = local;
        _vault = vault;
        _index = index;
        _queue = queue;
        _log = log;
    }

    /// <summary>Walks <c>vault\</c> and queues what was created locally.</summary>
    /// <returns>How many items were queued.</returns>
    public int Run()
    {
        try
        {
            var queued = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in _queue.Snapshot())
            {
                queued.Add(ProjFsPath.Normalize(entry.Change.Path));
                if (entry.Change.Destination is { } destination)
                {
                    queued.Add(ProjFsPath.Normalize(destination));
                }
            }

            return Walk(WritableArea.VaultFolder, queued);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Warn($"the sweep for files created while unmounted stopped early: {exception.Message}");
            return 0;
        }
    }

    /// <param name="directory">The folder to walk.</param>
    /// <param name="queued">Paths already queued (from the journal): not queued twice.</param>
    private int Walk(string directory, HashSet<string> queued)
    {
        var fullPath = _local.FullPathOf(directory);
        if (!_local.Files.DirectoryExists(fullPath))
        {
            return 0;
        }

        var count = 0;
        foreach (var entry in _local.Files.List(fullPath))
        {
            var path = ProjFsPath.Combine(directory, Path.GetFileName(entry));
            if (_index.TryGet(path, out var record) && !record.IsDirectory)
            {
                continue;
            }

            // A name the vault has is never stat'ed unless it is a folder known to hold something local: the listing
            // of a placeholder folder holds the provider's names too, and a stat of a virtual name makes ProjFS lay a
            // placeholder down (GetPlaceholderInfo) for every file of every walked folder at every mount.
            if (_vault.Exists(path, out var node))
            {
                if (node.Attributes.Kind == NodeKind.Directory && _index.HoldsOrIsAbove(path))
                {
                    count += Walk(path, queued);
                }

                continue;
            }

            if (_local.Files.Stat(entry) is not { } status)
            {
                continue;
            }

            if (!queued.Contains(path))
            {
                _log.Info($"'{path}' was created while unmounted; queued for write-back");
                _queue.Enqueue(new DirtyChange(DirtyChangeKind.Created, path, IsDirectory: status.IsDirectory));
                count++;
            }

            if (status.IsDirectory)
            {
                count += Walk(path, queued);
            }
        }

        return count;
    }
}
