namespace Indra.Tests.Shared;

/// <summary>
/// Another local user for privacy checks: uid and gid 65534 (nobody) with no supplementary groups, through setpriv(1)
/// (util-linux), the way NativeTwin runs its steps as another uid.
/// </summary>
internal static class OtherUser
{
    /// <summary>The uid and gid the checks run as.</summary>
    public const string Id = "65534";

    /// <summary>Which of <paramref name="paths"/> the other user can read, in the order given: a file when cat reads it, a folder when ls lists it.</summary>
    public static string[] Readable(IEnumerable<string> paths)
    {
        const string script = "for p in \"$@\"; do if [ -d \"$p\" ]; then ls \"$p\" >/dev/null 2>&1 && echo \"$p\"; else cat \"$p\" >/dev/null 2>&1 && echo \"$p\"; fi; done; true";
        var result = Shell.Run("setpriv", ["--reuid=" + Id, "--regid=" + Id, "--clear-groups", "sh", "-c", script, "sh", .. paths]);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
