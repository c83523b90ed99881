namespace Indra.PowerShell.Tests;

/// <summary>Waits for what only polling can observe: another process's mount or daemon.</summary>
internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until true; fails the test with <paramref name="what"/> after <paramref name="timeout"/> (15 s).</summary>
    internal static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }
}
