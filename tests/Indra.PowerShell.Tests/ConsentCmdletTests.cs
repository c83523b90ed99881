using System.Text.Json;
using Indra.Sharing.Tests.Daemons;

namespace Indra.PowerShell.Tests;

/// <summary>
/// Get-IndraOffer, Approve-IndraOffer, Deny-IndraOffer and Set-IndraPeer against mounted vaults (alice and bob, paired,
/// bob asking before he takes alice's offers): the offers are listed with their state, -WhatIf answers nothing, an
/// approved offer appears under bob's peers\alice, a denied one stays away, and a quota set here is the daemon's.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConsentCmdletTests
{
    [Test]
    public void OffersAreListedApprovedAndDenied_AndPeersSet()
    {
        if (!File.Exists("/dev/fuse")) Assert.Ignore("FUSE is not available (/dev/fuse)");
        var root = Path.Combine(Path.GetTempPath(), "indra-pwsh-consent-" + Guid.NewGuid().ToString("N")[..12]);
        using var alice = new DaemonVault(root, "alice");
        using var bob = new DaemonVault(root, "bob");
        DaemonVault.Pair(alice, bob);
        Directory.CreateDirectory(Path.Combine(alice.Vault, "offered"));
        File.WriteAllText(Path.Combine(alice.Vault, "offered", "wanted.txt"), "wanted\n");
        File.WriteAllText(Path.Combine(alice.Vault, "offered", "unwanted.txt"), "unwanted\n");

        var r = Pwsh.Run($$"""
            $bob = {{Pwsh.Quote(bob.VaultDirectory)}}
            $alice = {{Pwsh.Quote(alice.VaultDirectory)}}
            New-PSDrive -Name a -PSProvider Indra -Root / -Vault $alice | Out-Null
            Check noChange { Set-IndraPeer -Vault $bob -Name alice }
            Check askFirst { Set-IndraPeer -Vault $bob -Name alice -AutoAccept $false -PassThru }
            Check quotaWhatIf { Set-IndraPeer -Vault $bob -Name alice -QuotaBytes 1 -WhatIf; (Get-IndraPeer -Vault $bob alice).QuotaBytes }
            Check quota { Get-IndraPeer -Vault $bob alice | Set-IndraPeer -Vault $bob -QuotaBytes 1000000 -QuotaEntries 50 -PassThru }
            Grant-IndraAccess a:\offered\wanted.txt -Peer bob
            Grant-IndraAccess a:\offered\unwanted.txt -Peer bob
            Check pending {
                $deadline = (Get-Date).AddSeconds(30)
                do { $offers = @(Get-IndraOffer -Vault $bob -Peer alice -State pending) } until ($offers.Count -eq 2 -or (Get-Date) -gt $deadline)
                $offers | Sort-Object Name
            }
            Check approveWhatIf { Get-IndraOffer -Vault $bob -State pending | Approve-IndraOffer -Vault $bob -WhatIf; @(Get-IndraOffer -Vault $bob -State pending).Count }
            Check approve { Get-IndraOffer -Vault $bob -State pending | Where-Object Name -eq 'wanted.txt' | Approve-IndraOffer -Vault $bob -PassThru }
            Check deny { Deny-IndraOffer -Vault $bob -Id (Get-IndraOffer -Vault $bob -State pending | Where-Object Name -eq 'unwanted.txt').Id.Substring(0, 8) -PassThru }
            Check unknown { Approve-IndraOffer -Vault $bob -Id ffffffffff }
            Check tooShort { Deny-IndraOffer -Vault $bob -Id ab }
            """);
        Assert.That(r.Error("noChange").Category, Is.EqualTo("InvalidArgument"));
        Assert.That(r.Single("askFirst").GetProperty("AutoAccept").GetBoolean(), Is.False);
        Assert.That(r.Single("quotaWhatIf").GetInt64(), Is.EqualTo(10L << 30), "-WhatIf set nothing: the default quota (10 GiB) stands");
        var quota = r.Single("quota");
        Assert.That((quota.GetProperty("QuotaBytes").GetInt64(), quota.GetProperty("QuotaEntries").GetInt64()), Is.EqualTo((1000000L, 50L)));
        Assert.That(bob.LogText(), Does.Contain("control: quota of alice set to 1000000 bytes, 50 entries"), "the daemon set it");
        var pending = r.Output("pending");
        Assert.That(pending.EnumerateArray().Select(o => (Text(o, "Name"), Text(o, "Peer"), Text(o, "State"), Text(o, "Mode"))),
            Is.EqualTo(new[] { ("unwanted.txt", "alice", "pending", "Revocable"), ("wanted.txt", "alice", "pending", "Revocable") }));
        Assert.That(r.Single("approveWhatIf").GetInt32(), Is.EqualTo(2), "-WhatIf approved nothing");
        Assert.That(Text(r.Single("approve"), "State"), Is.EqualTo("accepted"));
        Assert.That((Text(r.Single("deny"), "Name"), Text(r.Single("deny"), "State")), Is.EqualTo(("unwanted.txt", "declined")));
        Assert.That(r.Error("unknown").Category, Is.EqualTo("ObjectNotFound"));
        Assert.That(r.Error("tooShort").Category, Is.EqualTo("InvalidArgument"));

        var view = bob.PeerView("alice");
        Wait.Until(() => File.Exists(Path.Combine(view, "wanted.txt")), "the approved offer under bob's peers/alice");
        Assert.That(File.ReadAllText(Path.Combine(view, "wanted.txt")), Is.EqualTo("wanted\n"));
        Assert.That(File.Exists(Path.Combine(view, "unwanted.txt")), Is.False, "a denied offer is not fetched");
    }

    private static string? Text(JsonElement item, string name) => item.GetProperty(name).GetString();
}
