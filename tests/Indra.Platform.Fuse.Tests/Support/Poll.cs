using System.Diagnostics;

namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>Waits for a condition the kernel makes true asynchronously (forgets, releases, notifications).</summary>
internal static class Poll
{
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }
}
