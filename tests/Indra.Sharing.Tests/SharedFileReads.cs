using Indra.FileSystem;

namespace Indra.Sharing.Tests;

/// <summary>Reads what a shared view serves, as a program reading the mount would.</summary>
internal static class SharedFileReads
{
    /// <summary>Reads a whole shared file through one open of the view (one version), or null when it is absent.</summary>
    internal static byte[]? ReadAll(ISharedViews views, ShareScope scope, string name, string path)
    {
        using var file = views.Open(scope, name, path);
        if (file is null) return null;
        var data = new byte[file.Entry.Size];
        var done = 0;
        while (done < data.Length)
        {
            var n = file.Read(done, data.AsSpan(done));
            if (n <= 0) return null;
            done += n;
        }
        return data;
    }
}
