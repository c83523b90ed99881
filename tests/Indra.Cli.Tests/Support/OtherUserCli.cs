namespace Indra.Cli.Tests.Support;

/// <summary>Runs the built indra CLI as <see cref="OtherUser"/> (uid and gid 65534, no supplementary groups), through setpriv(1).</summary>
internal static class OtherUserCli
{
    /// <summary>Runs indra with <paramref name="arguments"/> as the other user, HOME set to the temporary folder.</summary>
    public static Indra.Tests.Shared.Shell.Result Run(params string[] arguments) =>
        Indra.Tests.Shared.Shell.Run("setpriv", ["--reuid=" + OtherUser.Id, "--regid=" + OtherUser.Id, "--clear-groups", "env", "HOME=" + Path.GetTempPath(), "dotnet", IndraCli.Dll, .. arguments],
            timeout: TimeSpan.FromMinutes(3));

    /// <summary>Runs a shell <paramref name="script"/> (sh -c) as the other user, with <paramref name="arguments"/> as $1...</summary>
    public static Indra.Tests.Shared.Shell.Result Shell(string script, params string[] arguments) =>
        Indra.Tests.Shared.Shell.Run("setpriv", ["--reuid=" + OtherUser.Id, "--regid=" + OtherUser.Id, "--clear-groups", "sh", "-c", script, "sh", .. arguments]);

    /// <summary>Makes <paramref name="path"/> and everything under it the other user's.</summary>
    public static void Own(string path) =>
        Assert.That(Indra.Tests.Shared.Shell.Run("chown", ["-R", OtherUser.Id + ":" + OtherUser.Id, path]).ExitCode, Is.Zero, "chown " + path);

    /// <summary>Skips the test where the other user cannot run the built CLI (a checkout in a folder only root may enter).</summary>
    public static void AssumeRunnable() =>
        Assume.That(Run("--version").ExitCode, Is.Zero, $"uid {OtherUser.Id} can run the built CLI where it lies");
}
