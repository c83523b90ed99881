namespace Indra.Cli.Tests.Support;

/// <summary>Waits for a condition that another process makes true (a peer's sync, a daemon's change).</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails the test after <paramref name="limit"/> (45 s by default).</summary>
    public static void WaitFor(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(45));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition()) return;
            }
            catch (IOException)
            {
                // A file between versions; look again.
            }
            Thread.Sleep(100);
        }
        Assert.Fail($"timed out waiting for {what}");
    }
}
