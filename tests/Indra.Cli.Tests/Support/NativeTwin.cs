using System.Text;

namespace Indra.Cli.Tests.Support;

/// <summary>
/// A directory inside the mount and its twin on the native filesystem (ext4 under /tmp). The same shell steps run in
/// both, as root or as uid and gid 65534 with no supplementary groups (setpriv), and each gives a transcript: every
/// step's output and exit status, in order. Where Linux defines the behaviour the native transcript is the oracle.
/// </summary>
internal sealed class NativeTwin
{
    /// <summary>The unprivileged uid and gid the steps run as (nobody, nogroup on Debian).</summary>
    public const string Nobody = "65534";

    private static readonly TimeSpan StepsTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Creates both directories (mode 0755 under the default umask, so that nobody can enter them).</summary>
    public NativeTwin(string mounted, string native)
    {
        Mounted = mounted;
        Native = native;
        Directory.CreateDirectory(mounted);
        Directory.CreateDirectory(native);
    }

    /// <summary>The directory inside the mount.</summary>
    public string Mounted { get; }

    /// <summary>The directory on the native filesystem.</summary>
    public string Native { get; }

    /// <summary>Runs <paramref name="steps"/> (sh, umask 022, each directory its working directory) in both.</summary>
    /// <returns>The transcripts: per step its output (stdout and stderr) and a line <c>#N exit STATUS</c>.</returns>
    public (string Mounted, string Native) Run(bool asNobody, params string[] steps)
    {
        var script = new StringBuilder("umask 022\n");
        for (var i = 0; i < steps.Length; i++) script.Append("{ ").Append(steps[i]).Append("\n} 2>&1; echo \"#").Append(i).Append(" exit $?\"\n");
        return (Transcript(Mounted, script.ToString(), asNobody), Transcript(Native, script.ToString(), asNobody));
    }

    /// <summary>Runs <paramref name="steps"/> in both, requires the same transcript, and returns it.</summary>
    public string Same(bool asNobody, params string[] steps)
    {
        var (mounted, native) = Run(asNobody, steps);
        Assert.That(mounted, Is.EqualTo(native), "the mount (actual) against native ext4 (expected)");
        return native;
    }

    /// <summary>The exit status of every step of a transcript, in order.</summary>
    public static int[] Exits(string transcript) =>
        [.. System.Text.RegularExpressions.Regex.Matches(transcript, @"^#\d+ exit (\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static string Transcript(string directory, string script, bool asNobody)
    {
        var result = asNobody
            ? Shell.Run("setpriv", ["--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", "sh", "-c", script], directory, StepsTimeout)
            : Shell.Run("sh", ["-c", script], directory, StepsTimeout);
        return result.Stdout + result.Stderr;
    }
}
