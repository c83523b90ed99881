namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>Waiting on a condition another thread makes true (never a bare sleep).</summary>
internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until true; fails the test with <paramref name="what"/> after 20 s.</summary>
    public static void Until(Func<bool> condition, string what) =>
        Assert.That(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(20)), Is.True, $"timed out waiting for {what}");
}
