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

    /// <summary>Reads a whole shared file through the view, or null when it is absent.</summary>
    internal static byte[]? ReadAll(ISharedViews views, ShareScope scope, string name, string path)
    {
        var entry = views.Get(scope, name, path);
        if (entry is null || entry.IsDirectory) return null;
        var data = new byte[entry.Size];
        var done = 0;
        while (done < data.Length)
        {
            var n = views.Read(scope, name, path, done, data.AsSpan(done));
            if (n <= 0) return null;
            done += n;
        }
        return data;
    }
}
