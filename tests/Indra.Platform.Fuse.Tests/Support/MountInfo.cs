namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>Looks mount points up in <c>/proc/self/mountinfo</c> (independently of the host's own reader).</summary>
internal static class MountInfo
{
    public static bool IsMounted(string path) =>
        File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ').ElementAtOrDefault(4) == path);

    public static string[] FuseMounts() =>
        [.. File.ReadLines("/proc/self/mountinfo").Where(line => line.Contains(" - fuse", StringComparison.Ordinal))];
}
