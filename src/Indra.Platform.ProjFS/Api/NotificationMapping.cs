namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_NOTIFICATION_MAPPING: which notifications to deliver under <see cref="Root"/> (relative to the virtualization
/// root, "" = the whole root). Deeper mappings override shallower ones (projfs.md §2.4).
/// </summary>
/// <param name="Mask">The notifications to deliver.</param>
/// <param name="Root">Relative path, '\'-separated; "" for the root itself.</param>
public sealed record NotificationMapping(PrjNotifyTypes Mask, string Root);
