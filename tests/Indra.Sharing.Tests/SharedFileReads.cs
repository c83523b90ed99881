using Indra.FileSystem;

namespace Indra.Sharing.Tests;

internal static class Wait
{
    internal static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="condition"/> until true; fails the test with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    internal static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

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
