using System.Text.RegularExpressions;

namespace Indra.ObjectStore.Tests.Functional;

/// <summary>
/// <c>indra backup</c> and <c>indra restore</c> with standard error piped (not a terminal): one plain progress line a
/// step on standard error, in order, with the bytes each moved, no escape sequence; the result still on standard output.
/// </summary>
public sealed partial class BackupProgressTests
{
    [Test]
    public void Backup_and_restore_print_one_plain_line_a_step_when_piped()
    {
        using var vault = new ObjectVault("progress");
        using var bucket = new TestBucket(vault.Prefix);
        File.WriteAllText(Path.Combine(vault.Vault, "note.txt"), "a note\n");

        var backup = vault.Cli("backup").Ok();
        var summary = BackupSummary().Match(backup.Stdout);
        Assert.That(summary.Success, Is.True, backup.Stdout);
        var key = summary.Groups[1].Value;
        var bytes = summary.Groups[2].Value;
        Assert.That(Lines(backup.Stderr), Is.EqualTo(new[]
        {
            $"backup: step 1/3 snapshot of vault.db taken ({bytes} bytes)",
            $"backup: step 2/3 uploaded {key} ({bytes} bytes)",
            $"backup: step 3/3 {vault.Prefix}/metadata/latest points at it",
        }), "backup's steps on stderr");
        Assert.That(backup.Stderr, Does.Not.Contain("\u001b"), "no escape sequence when piped");
        vault.Unmount();

        var restored = Path.Combine(vault.Root, "restored");
        var restore = ObjectVault.Run(["restore", "--blocks", vault.Url, "--endpoint", Ceph.Cluster.Endpoint, "--vault", restored]).Ok();
        Assert.That(restore.Stdout, Does.Contain($"restored vault {restored} from {key}"));
        Assert.That(Lines(restore.Stderr), Is.EqualTo(new[]
        {
            $"restore: step 1/4 the latest backup is {key}",
            $"restore: step 2/4 downloaded {key} ({bytes} bytes)",
            $"restore: step 3/4 wrote vault.db ({bytes} bytes)",
            "restore: step 4/4 player key and object store settings written",
        }), "restore's steps on stderr");
        Assert.That(restore.Stderr, Does.Not.Contain("\u001b"), "no escape sequence when piped");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>backup's line on stdout: <c>backup: KEY (N bytes)</c>.</summary>
    [GeneratedRegex(@"^backup: (\S+) \(([\d,]+) bytes\)$", RegexOptions.Multiline)]
    private static partial Regex BackupSummary();
}
