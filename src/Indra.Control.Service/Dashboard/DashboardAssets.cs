using System.Collections.Frozen;

namespace Indra.Control.Service.Dashboard;

/// <summary>
/// The page, script and style of the dashboard, embedded in this assembly (Dashboard/Assets, logical names
/// <c>Indra.Dashboard.NAME</c>) and read once: nothing is fetched from elsewhere, so the page works offline.
/// </summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type)> Files = Load();

    /// <summary>The asset served at <paramref name="route"/> ("/" is the page), or null.</summary>
    public static (byte[] Bytes, string Type)? Find(string route) =>
        Files.TryGetValue(route == "/" ? "index.html" : route.TrimStart('/'), out var file) ? file : null;

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            const string Prefix = "Indra.Dashboard.";
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[Prefix.Length..];
            files[name] = (copy.ToArray(), Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            });
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
