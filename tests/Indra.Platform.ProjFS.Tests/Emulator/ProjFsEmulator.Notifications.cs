using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

public sealed partial class ProjFsEmulator
{
    private const PrjNotifyTypes DefaultMask = PrjNotifyTypes.FileOpened | PrjNotifyTypes.NewFileCreated | PrjNotifyTypes.FileOverwritten;

    /// <summary>
    /// The mask that applies to <paramref name="path"/> (rule 40): a per-file override set by the provider, else the
    /// deepest mapping whose root contains the path, else the default set when there are no mappings at all.
    /// </summary>
    private PrjNotifyTypes MaskFor(string path)
    {
        if (_items.TryGetValue(path, out var item) && item.MaskOverride is { } mask)
        {
            return mask;
        }

        var mappings = _options?.NotificationMappings ?? [];
        if (mappings.Count == 0)
        {
            return DefaultMask;
        }

        NotificationMapping? best = null;
        foreach (var mapping in mappings)
        {
            var root = Normalize(mapping.Root);
            if (IsSameOrUnder(path, root) && (best is null || root.Length > Normalize(best.Root).Length))
            {
                best = mapping;
            }
        }

        return best?.Mask ?? PrjNotifyTypes.None;
    }

    private bool Suppressed(string path) => (MaskFor(path) & PrjNotifyTypes.SuppressNotifications) != 0;

    private bool Wants(PrjNotification notification, string path) =>
        !Suppressed(path) && ((uint)MaskFor(path) & (uint)notification) != 0;

    /// <summary>
    /// Sends a notification if the instance is active and a mapping asks for it (for renames and hard links: either
    /// path's mapping; an item coming from outside the root is always reported unless its target is suppressed).
    /// A mask returned from a PostCreate or FileRenamed notification becomes the file's override.
    /// </summary>
    private int Notify(PrjNotification notification, string path, bool isDirectory, Guid fileId, string? destination = null, bool isFileModified = false)
    {
        if (!_active || _callbacks is null)
        {
            return HResult.Ok;
        }

        bool wanted;
        if (path.Length == 0 && destination is not null)
        {
            wanted = !Suppressed(destination);
        }
        else
        {
            wanted = Wants(notification, path) || (!string.IsNullOrEmpty(destination) && Wants(notification, destination));
        }

        if (!wanted)
        {
            return HResult.Ok;
        }

        var parameters = new NotificationParameters { IsFileModified = isFileModified };
        var version = _items.TryGetValue(path, out var item) ? item.Version : null;
        var data = NewData(path, version, fileId);
        var callbacks = _callbacks;
        var hr = Invoke($"Notification({notification},{path}{(destination is null ? string.Empty : "->" + destination)})", data,
            d => callbacks.Notification(d, isDirectory, notification, destination, ref parameters));

        if (notification is PrjNotification.FileOpened or PrjNotification.NewFileCreated or PrjNotification.FileOverwritten or PrjNotification.FileRenamed
            && parameters.NotificationMask is not PrjNotifyTypes.None and not PrjNotifyTypes.UseExistingMask)
        {
            var target = notification == PrjNotification.FileRenamed && !string.IsNullOrEmpty(destination) ? destination : path;
            if (_items.TryGetValue(target, out var overridden))
            {
                overridden.MaskOverride = parameters.NotificationMask;
            }
        }

        return hr;
    }
}
