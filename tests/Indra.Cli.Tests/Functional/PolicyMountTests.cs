using System.Text.Json;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// Machine policy at a real mount (docs/policy.md), read from a test policy file named by INDRA_POLICY_FILE (never
/// /etc): quota (EDQUOT at the limit, df showing it), read-only (EROFS), node types (EPERM), the audit trail (a line
/// per kind of change with uid and path, /.indra/audit.log owner-only), machine policy over the user's flag and config
/// with <c>indra policy</c> naming each source, and an invalid policy refusing to mount with one line. Where Linux
/// defines the answer a tmpfs of the same limits is the oracle: ext4 with quotas cannot be made here (no quota tools,
/// no loop device to format), so the byte limit is compared with a size-limited tmpfs, which gives ENOSPC where a
/// quota gives EDQUOT; the bytes written before the failure and df's size must match.
/// </summary>
[TestFixture]
[NonParallelizable] // mounts tmpfs oracles and several vaults
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PolicyMountTests
{
    private const string PeerId = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private string _dir = "";

    private string PolicyFile => Path.Combine(_dir, "policy.json");

    private string ConfigHome => Path.Combine(_dir, "config");

    private Dictionary<string, string> Env => new() { ["INDRA_POLICY_FILE"] = PolicyFile, ["XDG_CONFIG_HOME"] = ConfigHome };

    [SetUp]
    public void CreatePolicyDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "indra-policy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeletePolicyDirectory() => Directory.Delete(_dir, recursive: true);

    private MountedVault MountWith(string policyJson)
    {
        File.WriteAllText(PolicyFile, policyJson);
        return new MountedVault(environment: Env);
    }

    /// <summary>A tmpfs at a new folder under the test's directory, unmounted by the returned handle.</summary>
    private Tmpfs MountTmpfs(string options) => new(Path.Combine(_dir, "tmpfs-" + Guid.NewGuid().ToString("N")[..6]), options);

    private sealed class Tmpfs : IDisposable
    {
        public Tmpfs(string path, string options)
        {
            Path = path;
            Directory.CreateDirectory(path);
            Shell.Run("mount", ["-t", "tmpfs", "-o", options, "indra-oracle", path]).Ok();
        }

        public string Path { get; }

        public void Dispose() => Shell.Run("umount", [Path]).Ok();
    }

    /// <summary>Runs <paramref name="script"/> with bash (which names a write's errno; dash says "I/O error" for
    /// every one) in <paramref name="directory"/>, going on past failing steps.</summary>
    private static Shell.Result Sh(string script, string directory) => Shell.Run("bash", ["-c", script], directory);

    private static long DfSize(string path) => long.Parse(Shell.Run("df", ["-B1", "--output=size", path]).Ok().Stdout.Split('\n')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void The_byte_quota_stops_writes_with_EDQUOT_where_a_tmpfs_of_that_size_fills_and_df_shows_it()
    {
        const long quota = 4L << 20;
        using var mounted = MountWith($$$"""{"quota": {"bytes": {{{quota}}}, "files": 4}}""");
        using var oracle = MountTmpfs($"size={quota}");
        Assert.That(DfSize(mounted.MountPoint), Is.EqualTo(quota), "df shows the quota as the size");
        Assert.That(DfSize(oracle.Path), Is.EqualTo(quota));

        const string fill = "{ head -c 6M /dev/zero > big; echo \"status $?\"; stat -c %s big; } 2>&1";
        var vault = Sh(fill, mounted.Vault);
        var native = Sh(fill, oracle.Path);
        Assert.That(vault.Stdout, Does.Contain("Disk quota exceeded").And.Contain("status 1"));
        Assert.That(native.Stdout, Does.Contain("No space left on device").And.Contain("status 1"));
        Assert.That(vault.Stdout.Split('\n')[^2], Is.EqualTo(native.Stdout.Split('\n')[^2]).And.EqualTo(quota.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "the bytes written before the failure: the whole quota, as on tmpfs");
        var more = Sh("echo x >> big", mounted.Vault);
        Assert.That(more.Stderr, Does.Contain("Disk quota exceeded"));

        // Nodes: big plus three more reach quota.files = 4; the fifth create fails, a removal makes room.
        var nodes = Sh("mkdir a && touch b && ln -s b c; mkdir d; echo \"mkdir $?\"; rm big; mkdir d; echo \"after rm $?\"", mounted.Vault);
        Assert.That(nodes.Stderr, Does.Contain("cannot create directory 'd': Disk quota exceeded").Or.Contain("cannot create directory ‘d’: Disk quota exceeded"));
        Assert.That(nodes.Stdout, Is.EqualTo("mkdir 1\nafter rm 0\n"));
        Assert.That(DfSize(mounted.MountPoint), Is.EqualTo(quota));
        Assert.That(Shell.Run("df", ["-B1", "--output=avail", mounted.MountPoint]).Ok().Stdout, Does.Contain(quota.ToString(System.Globalization.CultureInfo.InvariantCulture)), "the removed file's bytes are free again");
    }

    [Test]
    public void A_read_only_policy_answers_EROFS_to_every_change_as_a_read_only_tmpfs_does()
    {
        using var mounted = MountWith("{}");
        using var oracle = MountTmpfs("size=16M");
        const string setup = "mkdir dir && echo content > file && ln -s file link";
        Shell.Bash(setup, mounted.Vault).Ok();
        Shell.Bash(setup, oracle.Path).Ok();
        mounted.Unmount();
        File.WriteAllText(PolicyFile, """{"readOnly": true}""");
        mounted.Mount();
        Shell.Run("mount", ["-o", "remount,ro", oracle.Path]).Ok();

        var twin = new NativeTwin(mounted.Vault, oracle.Path);
        var transcript = twin.Same(asNobody: false,
            "cat file",
            "touch new",
            "echo more >> file",
            "rm file",
            "mv file moved",
            "mkdir other",
            "rmdir dir",
            "ln -s file link2",
            "ln file hard",
            "chmod 600 file",
            "truncate -s 0 file",
            "setfattr -n user.k -v v file",
            "mkfifo pipe",
            "ls");
        Assert.That(transcript, Does.StartWith("content\n#0 exit 0\n"));
        Assert.That(NativeTwin.Exits(transcript).Skip(1).SkipLast(1), Is.All.Not.Zero);
        Assert.That(transcript, Does.Contain("Read-only file system"));
        Assert.That(transcript, Does.EndWith("dir\nfile\nlink\n#13 exit 0\n"));
    }

    [Test]
    public void Node_types_the_policy_leaves_out_cannot_be_created_and_existing_ones_stay()
    {
        using var mounted = MountWith("{}");
        Shell.Bash("ln -s target old-link && mkfifo old-pipe", mounted.Vault).Ok();
        mounted.Unmount();
        File.WriteAllText(PolicyFile, """{"nodeTypes": ["file", "directory"]}""");
        mounted.Mount();
        var result = Sh(
            "for step in 'ln -s target link' 'mkfifo pipe' 'mknod dev c 1 3' 'mknod blk b 8 0' 'python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind(\\\"sock\\\")\"' 'mkdir dir' 'touch file'; do "
            + "sh -c \"$step\" 2>/dev/null; echo \"$?\"; done; ls; readlink old-link", mounted.Vault);
        Assert.That(result.Stdout, Is.EqualTo("1\n1\n1\n1\n1\n0\n0\ndir\nfile\nold-link\nold-pipe\ntarget\n"));
        var errors = Sh("ln -s target link; mkfifo pipe; mknod dev c 1 3", mounted.Vault).Stderr;
        Assert.That(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3).And.All.Contain("Operation not permitted"));
    }

    [Test]
    public void The_audit_trail_has_a_line_for_each_kind_of_change_with_uid_and_path()
    {
        using var mounted = MountWith("""{"audit": {"enabled": true}}""");
        Shell.Bash("echo one > a.txt && echo two >> a.txt && mv a.txt b.txt && mkdir docs && echo shared > docs/s.txt && rm b.txt", mounted.Vault).Ok();
        var vaultArgs = new[] { "--vault", mounted.VaultDirectory };
        IndraCli.RunWith(Env, ["peer", "add", "bob", $"indra:{PeerId}@127.0.0.1:9", .. vaultArgs]).Ok();
        IndraCli.RunWith(Env, ["share", "docs/s.txt", "--with", "bob", .. vaultArgs]).Ok();
        IndraCli.RunWith(Env, ["recall", "docs/s.txt", "--from", "bob", .. vaultArgs]).Ok();

        var log = Path.Combine(mounted.Meta, "audit.log");
        Assert.That(File.GetUnixFileMode(log), Is.EqualTo(UnixFileMode.UserRead), "0400 like the other /.indra files");
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        string Op(JsonElement l) => l.GetProperty("op").GetString()!;
        string PathOf(JsonElement l) => l.GetProperty("path").GetString()!;
        Assert.That(lines.Select(Op).Distinct(), Is.EquivalentTo(new[] { "create", "write", "rename", "delete", "share", "recall", "pair" }));
        Assert.That(lines.Select(l => l.GetProperty("uid").GetUInt32()), Is.All.EqualTo(0u), "the tests run as root");
        Assert.That(lines.Select(l => l.GetProperty("pid").GetInt32()), Is.All.Positive);
        Assert.That(lines.Where(l => Op(l) == "create").Select(PathOf), Is.SupersetOf(new[] { "/vault/a.txt", "/vault/docs", "/vault/docs/s.txt" }));
        Assert.That(lines.Count(l => Op(l) == "write" && PathOf(l) == "/vault/a.txt"), Is.EqualTo(2), "one per open that wrote");
        var rename = lines.Single(l => Op(l) == "rename");
        Assert.That((PathOf(rename), rename.GetProperty("detail").GetString()), Is.EqualTo(("/vault/a.txt", "/vault/b.txt")));
        var delete = lines.Single(l => Op(l) == "delete");
        Assert.That(PathOf(delete), Is.EqualTo("/vault/b.txt"));
        Assert.That(delete.GetProperty("artifact").GetString(), Is.EqualTo(rename.GetProperty("artifact").GetString()).And.Length.EqualTo(64));
        var share = lines.Single(l => Op(l) == "share");
        Assert.That((PathOf(share), share.GetProperty("detail").GetString()), Is.EqualTo(("/vault/docs/s.txt", "revocable to bob")));
        Assert.That(share.GetProperty("artifact").GetString(), Is.EqualTo(Shell.Run("b3sum", ["--no-names", Path.Combine(mounted.Vault, "docs/s.txt")]).Ok().Stdout.Trim()));
        Assert.That(PathOf(lines.Single(l => Op(l) == "recall")), Is.EqualTo("/vault/docs/s.txt"));
        Assert.That(lines.Single(l => Op(l) == "pair").GetProperty("detail").GetString(), Is.EqualTo(PeerId));
        Assert.That(lines.Where(l => Op(l) is "create" or "write" or "rename" or "delete").Select(l => l.GetProperty("process").GetString()),
            Is.All.AnyOf("bash", "mv", "mkdir", "rm"));
        Assert.That(File.ReadAllText(Path.Combine(mounted.VaultDirectory, "audit", "audit.jsonl")), Is.EqualTo(File.ReadAllText(log)));
    }

    [Test]
    public void Machine_policy_overrides_the_users_flag_and_config_and_indra_policy_names_each_source()
    {
        File.WriteAllText(PolicyFile, """{"allowOther": false, "quota": {"bytes": 8388608}, "sharing": {"modes": ["revocable"]}}""");
        var config = Path.Combine(ConfigHome, "indra", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, """{"quota": {"bytes": 1073741824, "files": 100}, "allowOther": true}""");

        var policy = IndraCli.RunWith(Env, "policy").Ok().Stdout;
        Assert.That(policy.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(14));
        Assert.That(policy, Does.Match($@"(?m)^quota\.bytes +8388608 +machine policy \({PolicyFile}\)$"));
        Assert.That(policy, Does.Match($@"(?m)^quota\.files +100 +user config \({config}\)$"));
        Assert.That(policy, Does.Match($@"(?m)^allowOther +false +machine policy \({PolicyFile}\)$"));
        Assert.That(policy, Does.Match(@"(?m)^readOnly +false +default$"));
        Assert.That(IndraCli.RunWith(Env, "policy", "-o", "readOnly=true").Ok().Stdout, Does.Match(@"(?m)^readOnly +true +command line$"));
        using (var json = JsonDocument.Parse(IndraCli.RunWith(Env, "policy", "--json").Ok().Stdout))
        {
            Assert.That(json.RootElement.EnumerateArray().Single(e => e.GetProperty("setting").GetString() == "quota.bytes").GetProperty("source").GetString(),
                Is.EqualTo($"machine policy ({PolicyFile})"));
        }

        using var mounted = new MountedVault(environment: Env);
        var refused = IndraCli.RunWith(Env, "mount", Path.Combine(_dir, "unused"), "--vault", mounted.VaultDirectory, "--allow-other", "-b");
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Stderr, Is.EqualTo($"indra: --allow-other is not permitted by machine policy ({PolicyFile}) (allowOther: false)\n"));

        // The user's config and a command-line option ask for more; the machine policy's quota is what the mount gets.
        mounted.Unmount();
        IndraCli.RunWith(Env, "mount", mounted.MountPoint, "--vault", mounted.VaultDirectory, "-b", "-o", "quota.bytes=2147483648").Ok();
        Assert.That(DfSize(mounted.MountPoint), Is.EqualTo(8388608));

        File.WriteAllText(Path.Combine(mounted.Vault, "f.txt"), "x");
        var vaultArgs = new[] { "--vault", mounted.VaultDirectory };
        IndraCli.RunWith(Env, ["peer", "add", "bob", $"indra:{PeerId}@127.0.0.1:9", .. vaultArgs]).Ok();
        var transfer = IndraCli.RunWith(Env, ["share", "f.txt", "--with", "bob", "--mode", "transfer", .. vaultArgs]);
        Assert.That((transfer.ExitCode, transfer.Stderr), Is.EqualTo((1, $"indra: transfer grants are not permitted by machine policy ({PolicyFile}) (sharing.modes: revocable)\n")));
        IndraCli.RunWith(Env, ["share", "f.txt", "--with", "bob", .. vaultArgs]).Ok();
    }

    [Test]
    public void Pairing_with_a_player_the_policy_does_not_list_is_refused_with_one_line()
    {
        File.WriteAllText(PolicyFile, $$$"""{"sharing": {"peers": ["{{{PeerId}}}"]}}""");
        using var mounted = new MountedVault(environment: Env);
        var other = new string('a', 64);
        var refused = IndraCli.RunWith(Env, "peer", "add", "carol", $"indra:{other}@127.0.0.1:9", "--vault", mounted.VaultDirectory);
        Assert.That((refused.ExitCode, refused.Stderr), Is.EqualTo((1, $"indra: player {other} is not one of the peers permitted by machine policy ({PolicyFile}) (sharing.peers)\n")));
        IndraCli.RunWith(Env, "peer", "add", "bob", $"indra:{PeerId}@127.0.0.1:9", "--vault", mounted.VaultDirectory).Ok();
    }

    [Test]
    public void The_per_peer_quota_of_machine_policy_lowers_a_peers_own_quota()
    {
        using var mounted = MountWith("""{"quota": {"peerBytes": 1000, "peerFiles": 500000}}""");
        var vaultArgs = new[] { "--vault", mounted.VaultDirectory };
        IndraCli.RunWith(Env, ["peer", "add", "bob", $"indra:{PeerId}@127.0.0.1:9", .. vaultArgs]).Ok();
        var shown = IndraCli.RunWith(Env, ["peer", "quota", "bob", "--bytes", "5000", "--entries", "20", .. vaultArgs]).Ok().Stdout;
        Assert.That(shown, Is.EqualTo("bob: quota 5000 bytes, 20 entries\nbob: lowered by policy (quota.peerBytes, quota.peerFiles) to 1000 bytes, 20 entries\n"));
        IndraCli.RunWith(Env, ["peer", "quota", "bob", "--bytes", "800", .. vaultArgs]).Ok();
        Assert.That(IndraCli.RunWith(Env, ["peer", "quota", "bob", .. vaultArgs]).Ok().Stdout, Is.EqualTo("bob: quota 800 bytes, 20 entries\n"), "a smaller own quota stands");
    }

    [Test]
    public void A_malformed_policy_refuses_to_mount_with_one_line()
    {
        using var mounted = MountWith("{}");
        mounted.Unmount();
        File.WriteAllText(PolicyFile, """{"quota": {"bytes": "lots"}}""");
        foreach (var background in new[] { true, false })
        {
            var result = IndraCli.RunWith(Env, ["mount", mounted.MountPoint, "--vault", mounted.VaultDirectory, .. background ? new[] { "-b" } : []]);
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Is.EqualTo($"indra: invalid machine policy {PolicyFile}: quota.bytes must be a whole number of bytes >= 0; not mounting\n"));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(mounted.IsMounted, Is.False);
        }
        File.WriteAllText(PolicyFile, """{"readOnly": true, "colour": "blue"}""");
        var unknown = IndraCli.RunWith(Env, "mount", mounted.MountPoint, "--vault", mounted.VaultDirectory, "-b");
        Assert.That(unknown.Stderr, Is.EqualTo($"indra: invalid machine policy {PolicyFile}: unknown setting 'colour'; not mounting\n"));
        var policy = IndraCli.RunWith(Env, "policy");
        Assert.That((policy.ExitCode, policy.Stderr), Is.EqualTo((1, $"indra: invalid machine policy {PolicyFile}: unknown setting 'colour'\n")));
        Assert.That(mounted.IsMounted, Is.False);
    }
}
