using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional.Conformance;

/// <summary>
/// Differential POSIX conformance: each script of system calls runs in a fresh native directory under /tmp (ext4, the
/// oracle) and in a fresh directory in MOUNT/vault, as root and as unprivileged users, and every result line must be
/// the same. A test fails with every disagreeing call of its group listed, never only the first.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PosixConformanceTests
{
    private MountedVault _mounted = null!;
    private SyscallRunner _runner = null!;
    private string _native = null!;
    private int _compared;

    [OneTimeSetUp]
    public void Prepare()
    {
        _runner = SyscallRunner.Compile();
        _mounted = new MountedVault(blockSize: 4096, allowOther: true);
        _native = Directory.CreateTempSubdirectory("indra-conformance-native-").FullName;
        File.SetUnixFileMode(_native, (UnixFileMode)0x1ED);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        TestContext.Progress.WriteLine($"POSIX conformance: {_compared} calls compared in all");
        _mounted?.Dispose();
        _runner?.Dispose();
        if (_native is not null) Directory.Delete(_native, recursive: true);
    }

    [Test]
    public void EveryKindAgreesOnEveryCall([Values] Relation relation) =>
        AssertAgreement($"kinds-{relation}", KindOperationCases.Scripts(relation));

    private void AssertAgreement(string group, IEnumerable<Script> scripts)
    {
        var disagreements = new List<Disagreement>();
        int compared = 0;
        foreach (Script script in scripts)
        {
            IReadOnlyList<string> native = _runner.Run(script, FreshDirectory(_native, group, script.Name));
            IReadOnlyList<string> mount = _runner.Run(script, FreshDirectory(_mounted.Vault, group, script.Name));
            compared += script.Lines.Count;
            disagreements.AddRange(Differential.Compare(script, native, mount));
        }
        _compared += compared;
        TestContext.Progress.WriteLine($"{group}: {compared} calls compared, {disagreements.Count} disagree");
        Assert.That(disagreements, Is.Empty, Differential.Report(group, compared, disagreements));
    }

    /// <summary>ROOT/GROUP/SCRIPT, made by root with mode 0755 whatever the umask.</summary>
    private static string FreshDirectory(string root, string group, string script)
    {
        string path = Path.Combine(root, group, script);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        return path;
    }
}
