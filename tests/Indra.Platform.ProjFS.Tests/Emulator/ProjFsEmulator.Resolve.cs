using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    /// <summary>The outcome of walking a path.</summary>
    private readonly record struct Lookup(EmulatedItem? Item, EmulatedItem? Parent, string Name, EmulatedItem? Tombstone)
    {
        public bool Found => Item is not null;
    }

    /// <summary>
    /// Walks <paramref name="path"/> the way an open does (rules 17–18): components on disk are used as they are; a
    /// component missing under a placeholder directory is asked for with GetPlaceholderInfo (caller's casing, parent's
    /// version), which must lay the placeholder down with PrjWritePlaceholderInfo. Names in the negative path cache,
    /// tombstones and names under full directories are missing without any callback.
    /// </summary>
    /// <returns>The item, or (when only the last component is missing) its parent; throws for other failures.</returns>
    private Lookup Resolve(string path)
    {
        var parts = Normalize(path).Split('\\', StringSplitOptions.RemoveEmptyEntries);
        var current = Root;
        var callerPath = string.Empty;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            callerPath = Combine(callerPath, parts[i]);
            if (!current.IsDirectory)
            {
                throw Fail($"'{callerPath}': a parent is not a directory", HResult.PathNotFound);
            }

            var key = Combine(current.Path, parts[i]);
            if (_items.TryGetValue(key, out var child) && child.State != EmulatedItemState.Tombstone)
            {
                current = child;
                continue;
            }

            var missing = new Lookup(null, current, parts[i], child);
            if (child is not null || current.State == EmulatedItemState.Full || InNegativeCache(callerPath))
            {
                if (last)
                {
                    return missing;
                }

                throw Fail($"'{callerPath}' not found", HResult.PathNotFound);
            }

            if (!_active)
            {
                throw Fail($"'{callerPath}' needs the provider, which is not running", HResult.VirtualizationUnavailable);
            }

            var hr = AskForPlaceholder(callerPath, current);
            if (hr == HResult.FileNotFound)
            {
                if (_options is not null && (_options.Flags & PrjStartVirtualizingFlags.UseNegativePathCache) != 0)
                {
                    _negativeCache.Add(callerPath);
                }

                if (last)
                {
                    return missing;
                }

                throw Fail($"'{callerPath}' not found", HResult.PathNotFound);
            }

            if (!HResult.Succeeded(hr))
            {
                throw Fail($"GetPlaceholderInfo '{callerPath}' failed", hr);
            }

            if (!_items.TryGetValue(key, out child) || child.State == EmulatedItemState.Tombstone)
            {
                Violation($"GetPlaceholderInfo '{callerPath}' returned S_OK without writing a placeholder");
            }

            current = child!;
        }

        return new Lookup(current, null, string.Empty, null);
    }

    private bool InNegativeCache(string callerPath)
    {
        for (var path = callerPath; path.Length > 0; path = Parent(path))
        {
            if (_negativeCache.Contains(path))
            {
                return true;
            }
        }

        return false;
    }

    private int AskForPlaceholder(string callerPath, EmulatedItem parent)
    {
        var callbacks = _callbacks!;
        return Invoke($"GetPlaceholderInfo({callerPath})", NewData(callerPath, parent.Version), callbacks.GetPlaceholderInfo,
            request: new PlaceholderRequest(callerPath, parent));
    }

    /// <summary>Lays down a placeholder under an existing on-disk parent.</summary>
    private EmulatedItem CreatePlaceholder(EmulatedItem parent, string name, PlaceholderInfo info)
    {
        var item = new EmulatedItem
        {
            Path = Combine(parent.Path, name),
            IsDirectory = info.BasicInfo.IsDirectory,
            State = EmulatedItemState.Placeholder,
            FileSize = info.BasicInfo.IsDirectory ? 0 : info.BasicInfo.FileSize,
            FileAttributes = info.BasicInfo.FileAttributes,
            Version = info.Version,
        };
        item.OriginalPath = item.Path;
        var real = RealPath(item.Path);
        if (item.IsDirectory)
        {
            Directory.CreateDirectory(real);
        }
        else
        {
            File.WriteAllBytes(real, []);
        }

        _items[item.Path] = item;
        return item;
    }
}
