namespace Indra.Platform.ProjFS.Api;

/// <summary>
/// PRJ_PLACEHOLDER_INFO in managed form: what PrjWritePlaceholderInfo and PrjUpdateFileIfNeeded lay down. The EA,
/// security and stream fields of the native struct are always zero (Indra does not use them).
/// </summary>
/// <param name="BasicInfo">Size, times and attributes.</param>
/// <param name="Version">Provider id and content id (Indra: the artifact id, see <c>IndraContentId</c>).</param>
public sealed record PlaceholderInfo(FileBasicInfo BasicInfo, PlaceholderVersion Version);
