using System.Runtime.Versioning;
using System.Security.Cryptography;
using Indra.Packaging.Tests.Support;

namespace Indra.Packaging.Tests;

/// <summary>
/// The Debian package (build/package-deb.sh): lintian finds nothing, and installed with dpkg it runs as an ordinary
/// user, documents itself (man page, completion), has a user unit systemd accepts, and dpkg -r leaves the user's vault.
/// The package is installed once for the fixture and removed by its last test.
/// </summary>
[TestFixture]
[Category("Packaging")]
[SupportedOSPlatform("linux")]
public sealed class DebPackageTests
{
    private const string Unit = "/usr/lib/systemd/user/indra-mount.service";
    private string _deb = "";
    private string _home = "";

    private string Vault => Path.Combine(_home, "vault");

    [OneTimeSetUp]
    public void InstallPackage()
    {
        Root.Require();
        Shell.Require("dpkg-deb", "dpkg");
        Shell.Require("lintian", "lintian");
        Shell.Require("systemd-analyze", "systemd");
        _deb = PackageBuilds.Deb;
        Shell.Run("dpkg", ["-i", _deb]).Ok();
        // An ordinary user's home: nobody (uid 65534) owns it, with the example policy in it as the machine policy.
        _home = Directory.CreateTempSubdirectory("indra-deb-").FullName;
        File.SetUnixFileMode(_home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.Copy("/usr/share/doc/indra/examples/policy.json", Path.Combine(_home, "policy.json"));
        Shell.Run("chown", ["-R", $"{OtherUser.Id}:{OtherUser.Id}", _home]).Ok();
        AsUser("/usr/bin/indra", "init", "--vault", Vault).Ok();
    }

    [OneTimeTearDown]
    public void RemovePackage()
    {
        if (_deb.Length == 0) return;
        if (Shell.Run("dpkg-query", ["-W", "-f=${Status}", "indra"]).Stdout.Contains("install ok installed", StringComparison.Ordinal)) Shell.Run("dpkg", ["-r", "indra"]);
        if (_home.Length > 0) Directory.Delete(_home, recursive: true);
    }

    [Test, Order(1)]
    public void Lintian_ReportsNoErrorAndNoWarning()
    {
        var result = Shell.Run("lintian", ["--fail-on", "error,warning", _deb], timeout: TimeSpan.FromMinutes(10));
        var findings = result.Stdout.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal)).ToList();
        Assert.That(findings, Is.Empty, result.Stdout);
        Assert.That(result.ExitCode, Is.Zero, result.Stdout + result.Stderr);
    }

    [Test, Order(2)]
    public void Package_DeclaresFuse3AndInstallsItsFiles()
    {
        Assert.That(Shell.Run("dpkg-deb", ["-f", _deb, "Depends"]).Ok().Stdout, Does.Contain("fuse3"));
        var files = Shell.Run("dpkg", ["-L", "indra"]).Ok().Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.That(files, Is.SupersetOf(new[]
        {
            "/usr/bin/indra", "/usr/lib/indra/indra", "/usr/lib/indra/indra.dll", Unit, "/usr/share/man/man1/indra.1.gz",
            "/usr/share/bash-completion/completions/indra", "/usr/share/doc/indra/copyright",
            "/usr/share/doc/indra/changelog.Debian.gz", "/usr/share/doc/indra/examples/policy.json",
        }));
        // Self-contained: the .NET runtime travels in /usr/lib/indra.
        Assert.That(File.Exists("/usr/lib/indra/libcoreclr.so"), Is.True);
    }

    [Test, Order(3)]
    public void Version_IsThePackagesVersion()
    {
        var package = Shell.Run("dpkg-deb", ["-f", _deb, "Version"]).Ok().Stdout.Trim();
        var printed = AsUser("/usr/bin/indra", "--version").Ok().Stdout.Trim();
        Assert.That(printed.Split('+')[0], Is.EqualTo(package[..package.LastIndexOf('-')]));
    }

    [Test, Order(4)]
    public void ManPage_HasEveryVerbOfTheHelp()
    {
        var page = Shell.Run("man", ["-l", "-P", "cat", "/usr/share/man/man1/indra.1.gz"], environment: new Dictionary<string, string> { ["MANWIDTH"] = "200" }).Ok().Stdout;
        var verbs = Commands(Shell.Run("/usr/bin/indra", ["--help"]).Ok().Stdout);
        Assert.That(verbs, Has.Count.GreaterThan(5));
        foreach (var verb in verbs) Assert.That(page, Does.Contain("indra " + verb + " "), verb);
        foreach (var sub in Commands(Shell.Run("/usr/bin/indra", ["peer", "--help"]).Ok().Stdout)) Assert.That(page, Does.Contain("indra peer " + sub + " "), sub);
    }

    [Test, Order(5)]
    public void BashCompletion_CompletesVerbsAndOptionsFromTheProgram()
    {
        Assert.That(Complete("indra mo"), Is.EqualTo(new[] { "mount" }));
        Assert.That(Complete("indra peer li"), Is.EquivalentTo(new[] { "list", "listen" }));
        Assert.That(Complete("/usr/bin/indra mount --all"), Is.EqualTo(new[] { "--allow-other" }));
    }

    [Test, Order(6)]
    public void UserUnit_PassesSystemdVerifyAndMountsInTheForeground()
    {
        var verify = Shell.Run("systemd-analyze", ["verify", Unit]);
        Assert.That(verify.ExitCode, Is.Zero, verify.Stderr);
        var unit = File.ReadAllLines(Unit);
        Assert.That(unit, Does.Contain("ExecStart=/usr/bin/indra mount %h/indra"));
        Assert.That(unit, Does.Contain("ExecStop=/usr/bin/indra unmount %h/indra"));
        Assert.That(unit, Does.Contain("Restart=on-failure"));
        Assert.That(unit, Does.Contain("WantedBy=default.target"));
    }

    [Test, Order(7)]
    public void InstalledBinary_MountsAndUnmountsAsAnOrdinaryUser()
    {
        var mountPoint = Path.Combine(_home, "indra");
        AsUser("mkdir", "-p", mountPoint).Ok();
        // An ordinary user opens /dev/fuse itself (fusermount3 mounts); the machine's mode is put back afterwards.
        var mode = File.GetUnixFileMode("/dev/fuse");
        File.SetUnixFileMode("/dev/fuse", mode | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        try
        {
            AsUser("/usr/bin/indra", "mount", mountPoint, "--vault", Vault, "--background").Ok();
            var mounted = File.ReadAllLines("/proc/mounts").SingleOrDefault(l => l.Split(' ')[1] == mountPoint);
            Assert.That(mounted, Does.Contain("fuse.indra").And.Contain($"user_id={OtherUser.Id}"));
            AsUser("sh", "-c", $"echo packaged > '{mountPoint}/vault/note.txt'").Ok();
            Assert.That(AsUser("cat", $"{mountPoint}/vault/note.txt").Ok().Stdout, Is.EqualTo("packaged\n"));
            AsUser("/usr/bin/indra", "unmount", mountPoint).Ok();
            Assert.That(File.ReadAllLines("/proc/mounts").Any(l => l.Split(' ')[1] == mountPoint), Is.False);
        }
        finally
        {
            File.SetUnixFileMode("/dev/fuse", mode);
        }
    }

    [Test, Order(100)]
    public void Remove_LeavesTheUsersVaultUntouched()
    {
        var before = Snapshot(Vault);
        Assert.That(before.Keys, Does.Contain("vault.db").And.Contain("identity.key"));
        Shell.Run("dpkg", ["-r", "indra"]).Ok();
        Assert.That(File.Exists("/usr/bin/indra") || Directory.Exists("/usr/lib/indra"), Is.False, "the program is still installed");
        Assert.That(File.Exists(Unit), Is.False);
        Assert.That(Snapshot(Vault), Is.EqualTo(before));
    }

    /// <summary>Runs a program as the ordinary user (uid and gid 65534) in its home, with the example as the machine policy.</summary>
    private Shell.Result AsUser(params string[] command) =>
        Shell.Run("setpriv", [$"--reuid={OtherUser.Id}", $"--regid={OtherUser.Id}", "--clear-groups", "env", "-i", "PATH=/usr/bin:/bin",
            "HOME=" + _home, "INDRA_POLICY_FILE=" + Path.Combine(_home, "policy.json"), .. command], _home, TimeSpan.FromMinutes(2));

    /// <summary>What bash completion offers for <paramref name="line"/> (the cursor at its end).</summary>
    private static string[] Complete(string line)
    {
        var words = line.Split(' ');
        var script = "source /usr/share/bash-completion/completions/indra\n"
            + $"COMP_LINE='{line}'; COMP_POINT={line.Length}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}\n"
            + "_indra\nprintf '%s\\n' \"${COMPREPLY[@]}\"";
        return Shell.Run("bash", ["-c", script]).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The verbs a --help text lists under "Commands:".</summary>
    private static List<string> Commands(string help) =>
        [.. help.Split('\n').SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0])];

    /// <summary>Every file under <paramref name="directory"/> with the SHA-256 of its bytes.</summary>
    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
