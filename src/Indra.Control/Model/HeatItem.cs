namespace Indra.Control.Model;

/// <summary>One file's heat (HeatCalculator: attention decayed with a half-life, weighted by peers and dwell).</summary>
/// <param name="Path">Vault path.</param>
/// <param name="Id">The file's artifact id (hex).</param>
/// <param name="Heat">The score now.</param>
/// <param name="Opens">Opens counted.</param>
/// <param name="UniquePeers">Distinct players who attended it.</param>
/// <param name="DwellSeconds">Total time open, seconds.</param>
/// <param name="LastAccess">The newest attention event on it, UTC, or null.</param>
/// <param name="Size">Bytes.</param>
public sealed record HeatItem(string Path, string Id, double Heat, int Opens, int UniquePeers, double DwellSeconds, DateTimeOffset? LastAccess, long Size);
