using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// Differential POSIX conformance: each script of system calls runs in a fresh native directory under /tmp (ext4, the
/// oracle) and in a fresh directory in MOUNT/vault, as root and as unprivileged users, and every result line must be
/// the same. One test per script; a test fails with every disagreeing call of its script listed, never only the first.
/// Scripts that create FIFOs, sockets or device nodes are in category <see cref="SpecialFiles"/>: they fail while the
/// mount answers mknod, mkfifo and bind with EPERM, and the ordinary scripts make none of those calls.
/// </summary>
[TestFixture(FuseTransport.Device)]
[TestFixture(FuseTransport.Ring)]
[NonParallelizable]
[Category(Conformance)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PosixConformanceTests(string transport)
{
    public const string Conformance = "Conformance";

    /// <summary>Scripts that make FIFOs, sockets or device nodes.</summary>
    public const string SpecialFiles = "SpecialFiles";

    /// <summary>Scripts of regular files, directories and symlinks only.</summary>
    public const string Ordinary = "Ordinary";

    private static readonly Lazy<Dictionary<string, Script>> AllScripts = new(() => Groups().ToDictionary(s => s.Name, StringComparer.Ordinal));

    private MountedVault _mounted = null!;
    private SyscallRunner _runner = null!;
    private string _native = null!;
    private int _compared;
    private int _disagreeing;

    [OneTimeSetUp]
    public void Prepare()
    {
        _runner = SyscallRunner.Compile();
        // --dev: device nodes open as on ext4 (the default nodev would answer EACCES, a mount policy, not a semantic).
        FuseTransport.RequireKernel(transport);
        _mounted = new MountedVault(blockSize: 4096, allowOther: true, devices: true, environment: FuseTransport.Environment(transport));
        FuseTransport.AssertServing(_mounted, transport);
        _native = Directory.CreateTempSubdirectory("indra-conformance-native-").FullName;
        File.SetUnixFileMode(_native, (UnixFileMode)0x1ED);
        string type = Shell.Run("findmnt", ["-n", "-o", "FSTYPE", "-T", _native]).Stdout.Trim();
        TestContext.Progress.WriteLine($"POSIX conformance: oracle {_native} ({type}), mount {_mounted.Vault} over {transport}");
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        TestContext.Progress.WriteLine($"POSIX conformance: {_compared} calls compared, {_disagreeing} disagree");
        _mounted?.Dispose();
        _runner?.Dispose();
        // rm, not Directory.Delete: scripts leave names that are not UTF-8, which .NET cannot name back to the kernel.
        if (_native is not null) Shell.Run("rm", ["-rf", "--", _native]);
    }

    public static IEnumerable<TestCaseData> Scripts() =>
        AllScripts.Value.Values.Select(script => new TestCaseData(script.Name)
            .SetName($"Agrees({script.Name})")
            .SetCategory(script.CreatesSpecialFiles ? SpecialFiles : Ordinary)
            .SetDescription(script.CreatesSpecialFiles
                ? "Fails on any disagreement; fails today because mknod, mkfifo and bind answer EPERM in the mount"
                : "Fails on any call whose result in the mount differs from the native file system"));

    [TestCaseSource(nameof(Scripts))]
    public void Agrees(string name)
    {
        Script script = AllScripts.Value[name];
        IReadOnlyList<string> native = _runner.Run(script, FreshDirectory(_native, name));
        IReadOnlyList<string> mount = _runner.Run(script, FreshDirectory(_mounted.Vault, name));
        Assert.That(native, Has.Count.EqualTo(script.Lines.Count), $"the runner prints one line per call; natively it printed {native.Count} for {name}");
        var disagreements = Differential.Compare(script, native, mount).ToList();
        _compared += script.Lines.Count;
        _disagreeing += disagreements.Count;
        TestContext.Progress.WriteLine($"{name}: {script.Lines.Count} calls compared, {disagreements.Count} disagree");
        Assert.That(disagreements, Is.Empty, Differential.Report(name, script.Lines.Count, disagreements));
    }

    /// <summary>
    /// The oracle's own check: natively, the runner reports what each call did (a runner that printed the same nonsense on
    /// both sides would make every script agree).
    /// </summary>
    [Test]
    public void RunnerReportsWhatTheCallsDid()
    {
        var script = new Script("runner-self-check").Call(
        [
            "mkdir d 0777", "chmod d 0777", "open 1 d/f O_CREAT|O_EXCL|O_WRONLY 0640", "write 1 hello", "close 1", "content d/f", "checksum d/f",
            "open 1 d/f O_CREAT|O_EXCL|O_WRONLY 0640", "utimens d/f 1000000000.000000005 OMIT", "stat d/f a",
            "symlink f d/l", "readlink d/l", "lstat d/l", "mkfifo d/p 0600", "lstat d/p", "mknod d/c chr 0600 1 3", "stat d/c", "bind d/s", "lstat d/s",
            "chown d/f 65534 4242", "user 65534 65534", "chmod d 0700", "unlink d/f", "root", "chmod d 0700", "user 65534 65534", "stat d/l", "root", "list d",
        ]);
        IReadOnlyList<string> native = _runner.Run(script, FreshDirectory(_native, script.Name));
        Assert.That(native, Is.EqualTo(new[]
        {
            "0", "0", "fd", "5", "0", "5:hello", "5:a430d84680aabd0b",
            "-1 EEXIST", "0", "0 reg 0640 nlink=1 uid=0 gid=0 size=5 atime=1000000000.000000005",
            "0", "0 f", "0 lnk 0777 nlink=1 uid=0 gid=0 size=1", "0", "0 fifo 0600 nlink=1 uid=0 gid=0 size=0", "0", "0 chr 0600 nlink=1 uid=0 gid=0 size=0 rdev=1,3", "0", "0 sock 0755 nlink=1 uid=0 gid=0 size=0",
            "0", "0", "-1 EPERM", "0", "0", "0", "0", "-1 EACCES", "0", "0 c,l,p,s",
        }));
    }

    /// <summary>Every script: file kinds × calls × relations, renames, permissions, set-ID, errors, content, umask and mode bits, sizes, times, names, open descriptors, special files.</summary>
    private static IEnumerable<Script> Groups()
    {
        Actor[] rootAndNobody = [Actor.Root, Actor.Nobody];
        Actor[] unprivileged = [Actor.Nobody, Actor.Member];
        Actor[] everyone = [Actor.Root, Actor.Nobody, Actor.Member];
        return Enum.GetValues<Relation>().SelectMany(KindOperationCases.Scripts)
            .Concat(rootAndNobody.SelectMany(RenameCases.Scripts))
            .Concat(unprivileged.SelectMany(PermissionCases.Scripts))
            .Concat(everyone.SelectMany(SetIdCases.Scripts))
            .Concat(rootAndNobody.SelectMany(ErrorCases.Scripts))
            .Concat(rootAndNobody.SelectMany(ContentCases.Scripts))
            .Concat(rootAndNobody.SelectMany(SizeCases.Scripts))
            .Concat(rootAndNobody.SelectMany(TimeCases.Scripts))
            .Concat(rootAndNobody.SelectMany(NameCases.Scripts))
            .Concat(rootAndNobody.SelectMany(OpenFileCases.Scripts))
            .Concat(everyone.SelectMany(SpecialFileCases.Scripts));
    }

    /// <summary>ROOT/NAME, made by root with mode 0755 whatever the umask.</summary>
    private static string FreshDirectory(string root, string name)
    {
        string path = Path.Combine(root, name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        return path;
    }
}
