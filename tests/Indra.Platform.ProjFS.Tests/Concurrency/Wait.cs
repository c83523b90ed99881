namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>Waits for a condition that only polling can observe (work another thread finishes).</summary>
internal static class Wait
{
    /// <summary>How long a wait lasts unless told.</summary>
    internal static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="condition"/> until true; fails the test naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    internal static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            Thread.Sleep(10);
        }
    }
}
