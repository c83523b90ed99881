using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// A user who is not root mounts their own vault (libfuse mounts through the setuid fusermount3, the daemon cannot
/// widen the kernel's read-ahead or raise its pipe sizes), works in it and unmounts it: what every desktop user does,
/// where every other test runs its daemons as root. The device is made open to every user for the test
/// (crw-rw-rw-, as on a standard system) and put back as it was.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed partial class UnprivilegedMountTests
{
    [Test]
    public void A_user_who_is_not_root_mounts_works_in_and_unmounts_their_own_vault()
    {
        var (root, vault, mountPoint) = OtherUserCli.CreateVault("indra-user-");
        var work = Path.Combine(root, "work");
        int? daemon = null;
        var device = OtherUserCli.DeviceMode(mode => mode | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        try
        {
            OtherUserCli.Shell("mkdir \"$1\"", work).Ok();

            var mount = OtherUserCli.Run("mount", mountPoint, "--vault", vault, "--background");
            Assert.That(mount.ExitCode, Is.Zero, mount.Stderr);
            daemon = int.Parse(DaemonPid().Match(mount.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var mountLine = File.ReadAllLines("/proc/self/mountinfo").Single(line => line.Contains(" " + mountPoint + " ", StringComparison.Ordinal));
            Assert.That(mountLine, Does.Contain("fuse.indra").And.Contain("user_id=" + OtherUser.Id), "a FUSE mount of the user's");

            // Three blocks' worth and more, a small file, a folder and a rename, all as the user; then the bytes again
            // after the kernel's caches are dropped, so they come from the daemon.
            const string script = """
                set -e
                head -c 3000000 /dev/urandom > "$1/source.bin"
                cp "$1/source.bin" "$2/vault/copy.bin"
                cmp "$1/source.bin" "$2/vault/copy.bin"
                echo hello > "$2/vault/h.txt"
                mkdir "$2/vault/d"
                mv "$2/vault/h.txt" "$2/vault/d/"
                cat "$2/vault/d/h.txt"
                stat -c '%u %g %a' "$2/vault/d/h.txt"
                """;
            var session = OtherUserCli.Shell(script, work, mountPoint);
            Assert.That(session.ExitCode, Is.Zero, session.Stderr);
            Assert.That(session.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "hello", $"{OtherUser.Id} {OtherUser.Id} 644" }));
            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
            var again = OtherUserCli.Shell("cmp \"$1/source.bin\" \"$2/vault/copy.bin\" && echo same", work, mountPoint);
            Assert.That(again.Stdout.Trim(), Is.EqualTo("same"), again.Stderr);

            var unmount = OtherUserCli.Run("unmount", mountPoint);
            Assert.That(unmount.ExitCode, Is.Zero, unmount.Stderr);
            Eventually.WaitFor(() => !File.ReadAllText("/proc/self/mountinfo").Contains(" " + mountPoint + " ", StringComparison.Ordinal), "the mount gone");
            Eventually.WaitFor(() => !Directory.Exists($"/proc/{daemon}"), "the user's daemon ended");
            var warnings = File.ReadAllLines(Path.Combine(vault, "indra.log")).Where(line => line.Contains(" warn ", StringComparison.Ordinal)).ToList();
            Assert.That(warnings, Is.Empty, "a mount by a user who is not root is a normal mount: nothing to warn about");
        }
        finally
        {
            device.Dispose();
            if (File.ReadAllText("/proc/self/mountinfo").Contains(" " + mountPoint + " ", StringComparison.Ordinal)) Shell.Run("umount", ["-l", mountPoint]);
            if (daemon is { } pid && Directory.Exists($"/proc/{pid}")) Shell.Run("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Eventually.WaitFor(() =>
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            }, "the test's folder removed");
        }
    }

    [GeneratedRegex(@"daemon pid (\d+)")]
    private static partial Regex DaemonPid();
}
