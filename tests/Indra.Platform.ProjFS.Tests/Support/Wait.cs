namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>Waiting on a condition another thread makes true (never a bare sleep).</summary>
internal static class Wait
{
    /// <summary>How long a wait lasts unless told.</summary>
    internal static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until true; fails the test naming <paramref name="what"/> after <paramref name="timeout"/> (20 s).</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Assert.That(SpinWait.SpinUntil(condition, timeout ?? Default), Is.True, $"timed out waiting for {what}");
}
