namespace Indra.Tests.Shared;

/// <summary>Waits for what only polling can observe: work another thread or process finishes (a daemon, a mount, a
/// queue). Never a bare sleep: the condition is checked every 20 ms and the test fails naming what did not happen.</summary>
internal static class Wait
{
    /// <summary>How long a wait lasts unless told (15 s).</summary>
    internal static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="condition"/> until true; fails the test naming <paramref name="what"/> after
    /// <paramref name="timeout"/> (<see cref="Default"/>).</summary>
    internal static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        if (!Within(condition, timeout ?? Default)) Assert.Fail($"timed out waiting for {what}");
    }

    /// <summary>Polls <paramref name="condition"/> until true or until <paramref name="timeout"/> has passed; returns
    /// whether it became true. For code that must not throw while it waits (a callback inside the code under test).</summary>
    internal static bool Within(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(20); // the pause between two checks of the condition (a spin would take a core from the daemons)
        }
        return true;
    }
}
