using System.Text;
using Indra.Control;
using Indra.Control.Service;
using Indra.Policy.Sources;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Machine policy on the in-process control API (an unmounted vault opened for the call): the same layers as the mount
/// (docs/policy.md) refuse what the policy forbids, audit what it lets through, and an invalid policy opens nothing.
/// The policy is read from a file named by <see cref="PolicyLocations"/>, as INDRA_POLICY_FILE names it for a process.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlPolicyTests
{
    private DaemonVault _vault = null!;
    private string _policyFile = "";
    private PolicyLocations _locations = null!;

    [SetUp]
    public async Task SetUp()
    {
        _vault = new DaemonVault(DaemonTrio.Root, "ctl-policy-" + Guid.NewGuid().ToString("N")[..6], mount: false, listenOnFreePort: false);
        _policyFile = Path.Combine(_vault.Root, "policy.json");
        _locations = new PolicyLocations(_policyFile, null, Path.Combine(_vault.Root, "config", "indra", "config.json"));
        // Written before any policy exists: the note every test tries to change.
        await using var open = new InProcessVaultControl(_vault.VaultDirectory, policy: _locations);
        await open.WriteAsync("note.txt", Text("before\n"), WriteMode.Replace);
    }

    [TearDown]
    public void TearDown() => _vault.Dispose();

    [Test]
    public async Task ReadOnlyPolicy_RefusesEveryChange_AndLeavesTheFile()
    {
        File.WriteAllText(_policyFile, """{"readOnly": true}""");
        await using var control = new InProcessVaultControl(_vault.VaultDirectory, policy: _locations);

        var write = await Failure(() => control.WriteAsync("note.txt", Text("after\n"), WriteMode.Replace));
        Assert.That(write.Kind, Is.EqualTo(ControlErrorKind.ReadOnly), write.Message);
        Assert.That(write.Message, Does.Contain("/note.txt"));
        Assert.That((await Failure(() => control.WriteAsync("new.txt", Text("x"), WriteMode.Replace))).Kind, Is.EqualTo(ControlErrorKind.ReadOnly));
        Assert.That((await Failure(() => control.MakeDirectoryAsync("docs"))).Kind, Is.EqualTo(ControlErrorKind.ReadOnly));
        Assert.That((await Failure(() => control.RemoveAsync("note.txt", false))).Kind, Is.EqualTo(ControlErrorKind.ReadOnly));

        Assert.That(Encoding.UTF8.GetString(await control.ReadAsync("note.txt", 0, 100)), Is.EqualTo("before\n"), "reads still work, the file is unchanged");
        Assert.That(await control.ListAsync(""), Has.Count.EqualTo(1), "nothing was created");

        File.Delete(_policyFile);
        var written = await control.WriteAsync("note.txt", Text("after\n"), WriteMode.Replace);
        Assert.That(written.Size, Is.EqualTo(6), "the policy is read at each call: without it the write goes through");
    }

    [Test]
    public async Task Quota_RefusesAWriteBeyondIt()
    {
        File.WriteAllText(_policyFile, """{"quota": {"bytes": 65536}}""");
        await using var control = new InProcessVaultControl(_vault.VaultDirectory, policy: _locations);

        var small = await control.WriteAsync("small.bin", new MemoryStream(new byte[40_000]), WriteMode.Replace);
        Assert.That(small.Size, Is.EqualTo(40_000), "within the quota");
        var over = await Failure(() => control.WriteAsync("big.bin", new MemoryStream(new byte[40_000]), WriteMode.Replace));
        Assert.That(over.Kind, Is.EqualTo(ControlErrorKind.QuotaExceeded), over.Message);
        Assert.That(over.Message, Does.Contain("quota"));
        var sizes = (await control.ListAsync("")).ToDictionary(i => i.Name, i => i.Size);
        Assert.That(sizes["small.bin"], Is.EqualTo(40_000));
        Assert.That(sizes.GetValueOrDefault("big.bin"), Is.LessThanOrEqualTo(65_536 - 40_000 - 7), "the vault stays within its quota");
    }

    [Test]
    public async Task LargestFile_RefusesAWriteBeyondIt()
    {
        File.WriteAllText(_policyFile, """{"maxFileSize": 1000}""");
        await using var control = new InProcessVaultControl(_vault.VaultDirectory, policy: _locations);

        var over = await Failure(() => control.WriteAsync("big.bin", new MemoryStream(new byte[5000]), WriteMode.Replace));
        Assert.That(over.Kind, Is.EqualTo(ControlErrorKind.QuotaExceeded), over.Message);
        Assert.That((await control.WriteAsync("fits.bin", new MemoryStream(new byte[1000]), WriteMode.Replace)).Size, Is.EqualTo(1000));
    }

    [Test]
    public async Task Audit_RecordsAWriteThroughTheControl()
    {
        File.WriteAllText(_policyFile, """{"audit": {"enabled": true}}""");
        await using var control = new InProcessVaultControl(_vault.VaultDirectory, policy: _locations);

        var written = await control.WriteAsync("note.txt", Text("audited\n"), WriteMode.Replace);
        var trail = Path.Combine(_vault.VaultDirectory, "audit", "audit.jsonl");
        Assert.That(File.Exists(trail), Is.True, "the audit trail is written in the vault directory");
        var lines = File.ReadAllLines(trail);
        Assert.That(lines, Has.Some.Contains("\"write\"").And.Contains("/note.txt"), string.Join('\n', lines));
        Assert.That(lines, Has.Some.Contains(written.Id!), "the line names the content written");
    }

    [Test]
    public async Task InvalidPolicy_AnswersOneLine_AndOpensNothing()
    {
        File.WriteAllText(_policyFile, """{"quota": {"bytes": "lots"}}""");
        await using var control = new InProcessVaultControl(_vault.VaultDirectory, policy: _locations);

        var refused = await Failure(() => control.WriteAsync("note.txt", Text("after\n"), WriteMode.Replace));
        Assert.That(refused.Kind, Is.EqualTo(ControlErrorKind.Unavailable));
        Assert.That(refused.Message, Does.Contain(_policyFile).And.Contain("quota.bytes"));
        Assert.That(refused.Message, Does.Not.Contain('\n'), "one line");
        Assert.That((await Failure(() => control.GetStatusAsync())).Kind, Is.EqualTo(ControlErrorKind.Unavailable), "a read is refused too: nothing is opened");

        File.Delete(_policyFile);
        Assert.That(Encoding.UTF8.GetString(await control.ReadAsync("note.txt", 0, 100)), Is.EqualTo("before\n"));
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<VaultControlException> Failure(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (VaultControlException e)
        {
            return e;
        }
        Assert.Fail("the call succeeded");
        throw new InvalidOperationException();
    }
}
