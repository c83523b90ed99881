using Indra.Sharing.Tests.Daemons;

namespace Indra.PowerShell.Tests;

/// <summary>
/// Machine policy on the module against an unmounted vault: pwsh runs with INDRA_POLICY_FILE naming the policy, as a
/// machine's policy file would, and the in-process control API obeys it as the mount does (docs/policy.md).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PolicyTests
{
    [Test]
    public void PolicyFile_MakesTheUnmountedVaultReadOnly_AndAnInvalidOneIsOneLine()
    {
        var root = Path.Combine(Path.GetTempPath(), "indra-pwsh-policy-" + Guid.NewGuid().ToString("N")[..12]);
        using var vault = new DaemonVault(root, "solo", mount: false, listenOnFreePort: false);
        var policyFile = Path.Combine(root, "policy.json");
        var environment = new Dictionary<string, string> { ["INDRA_POLICY_FILE"] = policyFile, ["XDG_CONFIG_HOME"] = Path.Combine(root, "config") };
        var drive = $"New-PSDrive -Name v -PSProvider Indra -Root / -Vault {Pwsh.Quote(vault.VaultDirectory)} | Out-Null\n";

        Pwsh.Run(drive + "Check write { Set-Content v:\\note.txt -Value 'before' }", environment).Output("write");

        File.WriteAllText(policyFile, """{"readOnly": true}""");
        var r = Pwsh.Run(drive + """
            Check write { New-Item v:\other.txt -ItemType File -Value 'after' }
            Check setContent { Set-Content v:\note.txt -Value 'after' }
            Check addContent { 'more' | Add-Content v:\note.txt }
            Check remove { Remove-Item v:\note.txt }
            Check mkdir { New-Item v:\docs -ItemType Directory }
            Check read { Get-Content v:\note.txt -Raw }
            """, environment);
        Assert.That(r.Error("write").Category, Is.EqualTo("PermissionDenied"), r.Error("write").Message);
        Assert.That(r.Error("write").Id, Does.StartWith("Indra.ReadOnly"));
        Assert.That(r.Error("mkdir").Category, Is.EqualTo("PermissionDenied"));
        Assert.That(r.Error("remove").Category, Is.EqualTo("PermissionDenied"));
        Assert.That(r.Error("setContent").Category, Is.EqualTo("PermissionDenied"), "Set-Content reports the refusal, not only the provider's own verbs");
        Assert.That(r.Error("setContent").Message, Does.Contain("read-only"));
        Assert.That(r.Error("addContent").Category, Is.EqualTo("PermissionDenied"));
        Assert.That(r.Single("read").GetString(), Is.EqualTo("before\n"), "the file is unchanged");

        File.WriteAllText(policyFile, """{"quota": {"bytes": 4096}}""");
        r = Pwsh.Run(drive + """
            Check overQuota { Set-Content v:\big.txt -Value ('x' * 10000) }
            Check read { Get-Content v:\note.txt -Raw }
            """, environment);
        Assert.That(r.Error("overQuota").Category, Is.EqualTo("QuotaExceeded"), r.Error("overQuota").Message);
        Assert.That(r.Error("overQuota").Id, Does.StartWith("Indra.QuotaExceeded"));
        Assert.That(r.Single("read").GetString(), Is.EqualTo("before\n"));

        File.WriteAllText(policyFile, """{"readOnly": "yes"}""");
        r = Pwsh.Run($"Check status {{ Get-IndraVault -Vault {Pwsh.Quote(vault.VaultDirectory)} }}", environment);
        var (category, message, _) = r.Error("status");
        Assert.That(category, Is.EqualTo("ResourceUnavailable"));
        Assert.That(message, Does.Contain(policyFile).And.Contain("readOnly").And.Not.Contain('\n'));
    }
}
