using Indra.Sharing.Tests.Daemons;

namespace Indra.PowerShell.Tests;

/// <summary>
/// Set-Content and Add-Content commit once per command: a pipeline of records is one version (one audited write, not one a
/// record), a refusal of that one write (quota) is still the command's error record, and a vault that cannot answer
/// (an invalid machine policy) fails the command with its one-line reason, not "does not exist".
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ContentPipelineTests
{
    [Test]
    public void APipelineOfRecords_IsOneVersion_AndARefusalIsStillAnErrorRecord()
    {
        var root = Path.Combine(Path.GetTempPath(), "indra-pwsh-pipe-" + Guid.NewGuid().ToString("N")[..12]);
        using var vault = new DaemonVault(root, "pipe", mount: false, listenOnFreePort: false);
        var policyFile = Path.Combine(root, "policy.json");
        var environment = new Dictionary<string, string> { ["INDRA_POLICY_FILE"] = policyFile, ["XDG_CONFIG_HOME"] = Path.Combine(root, "config") };
        var drive = $"$vault = {Pwsh.Quote(vault.VaultDirectory)}\nNew-PSDrive -Name v -PSProvider Indra -Root / -Vault $vault | Out-Null\n";

        // The audit trail has one "write" line per version written (per open handle that wrote, at its last close).
        File.WriteAllText(policyFile, """{"audit": {"enabled": true}}""");
        var r = Pwsh.Run(drive + """
            Check piped { 'first record', 'second record', 'third record' | Set-Content v:\piped.txt; Get-Content v:\piped.txt -Raw }
            Check appended { 'fourth', 'fifth' | Add-Content v:\piped.txt; Get-Content v:\piped.txt -Raw }
            Check bytes { [byte[]](1, 2), [byte[]](3) | Set-Content v:\b.bin -AsByteStream; Get-Content v:\b.bin -AsByteStream | ForEach-Object { [int] $_ } }
            """, environment);
        Assert.That(r.Single("piped").GetString(), Is.EqualTo("first record\nsecond record\nthird record\n"));
        Assert.That(r.Single("appended").GetString(), Is.EqualTo("first record\nsecond record\nthird record\nfourth\nfifth\n"));
        Assert.That(r.Output("bytes").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 1, 2, 3 }));
        var writes = File.ReadAllLines(Path.Combine(vault.VaultDirectory, "audit", "audit.jsonl")).Where(l => l.Contains("\"write\"", StringComparison.Ordinal)).ToList();
        Assert.That(writes.Count(l => l.Contains("/piped.txt", StringComparison.Ordinal)), Is.EqualTo(2), "three records set, two appended: one version each command\n" + string.Join('\n', writes));
        Assert.That(writes.Count(l => l.Contains("/b.bin", StringComparison.Ordinal)), Is.EqualTo(1), "two byte arrays, one version");

        File.WriteAllText(policyFile, """{"quota": {"bytes": 4096}}""");
        r = Pwsh.Run(drive + """
            Check overQuota { ('x' * 3000), ('y' * 3000) | Set-Content v:\big.txt }
            """, environment);
        var (category, message, id) = r.Error("overQuota");
        Assert.That((category, id), Is.EqualTo(("QuotaExceeded", "Indra.QuotaExceeded,Microsoft.PowerShell.Commands.SetContentCommand")), message);

        // The vault cannot answer: the command fails with the vault's one-line reason, not "does not exist". (PowerShell
        // resolves the path while it binds the command's dynamic parameters and wraps the provider's record then, so the
        // category is its GetDynamicParametersException's, InvalidArgument, not the record's ResourceUnavailable.)
        File.WriteAllText(policyFile, """{"readOnly": "yes"}""");
        r = Pwsh.Run(drive + """
            Check item { Get-Item v:\piped.txt }
            Check exists { Test-Path v:\piped.txt }
            Check content { Get-Content v:\piped.txt }
            """, environment);
        foreach (var check in new[] { "item", "exists", "content" })
        {
            var (_, reason, _) = r.Error(check);
            Assert.That(reason, Does.Contain(policyFile).And.Contain("readOnly").And.Not.Contain("does not exist").And.Not.Contain('\n'), check);
        }
    }
}
