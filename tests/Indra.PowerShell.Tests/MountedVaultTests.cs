using System.Text.Json;
using Indra.Sharing.Tests.Daemons;

namespace Indra.PowerShell.Tests;

/// <summary>
/// The module against vaults served by real daemons (alice and bob, paired; the control API reaches each daemon over its
/// socket), checked through their FUSE mounts: content written with Set-Content, copies that add no block, heat
/// ranking, a grant that reaches bob's peers\alice, read-only shared views, -WhatIf, and Mount-/Dismount-IndraVault of a
/// third vault. Four pwsh processes carry all the checks; the mounts are read between them.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MountedVaultTests
{
    private string _root = "";
    private DaemonVault? _alice;
    private DaemonVault? _bob;
    private DaemonVault? _erin;
    private DaemonVault? _dave;
    private JsonElement _written;
    private JsonElement _shared;
    private JsonElement _viewed;
    private JsonElement _bobsPeerFile;

    private DaemonVault Alice => _alice!;
    private DaemonVault Bob => _bob!;

    [OneTimeSetUp]
    public void Run()
    {
        if (!File.Exists("/dev/fuse")) Assert.Ignore("FUSE is not available (/dev/fuse)");
        Shell.Require("b3sum", "b3sum");
        Shell.Require("getfattr", "attr");
        _root = Path.Combine(Path.GetTempPath(), "indra-pwsh-" + Guid.NewGuid().ToString("N")[..12]);
        _alice = new DaemonVault(_root, "alice");
        _bob = new DaemonVault(_root, "bob");
        _erin = new DaemonVault(_root, "erin", mount: false, listenOnFreePort: false);
        _dave = new DaemonVault(_root, "dave", mount: false, listenOnFreePort: false);
        DaemonVault.Pair(Alice, Bob);

        _written = Pwsh.Run($$"""
            $alice = {{Pwsh.Quote(Alice.VaultDirectory)}}
            New-PSDrive -Name a -PSProvider Indra -Root / -Vault $alice | Out-Null
            Check set { New-Item a:\docs -ItemType Directory | Out-Null; Set-Content a:\docs\note.txt -Value 'written through PowerShell'; Get-Item a:\docs\note.txt }
            Check heatFiles { New-Item a:\heat -ItemType Directory | Out-Null; Set-Content a:\heat\hot.txt 'hot'; Set-Content a:\heat\cold.txt 'cold'; Get-ChildItem a:\heat | ForEach-Object Name }
            Check copy {
                $before = (Get-IndraVault -Vault $alice).Blocks
                Copy-Item a:\docs\note.txt a:\docs\note-copy.txt
                [pscustomobject]@{ Before = $before; After = (Get-IndraVault -Vault $alice).Blocks; Id = (Get-Item a:\docs\note-copy.txt).Id }
            }
            Check status { Get-IndraVault -Vault $alice }
            Check treeType {
                New-Item a:\stuff -ItemType Directory | Out-Null
                $before = (Get-ItemProperty a:\stuff -Name TreeType).TreeType
                Set-ItemProperty a:\stuff -Name TreeType -Value Gallery
                [pscustomobject]@{ Before = "$before"; After = "$((Get-ItemProperty a:\stuff -Name TreeType).TreeType)" }
            }
            Check treeTypeWhatIf { Set-ItemProperty a:\stuff -Name TreeType -Value Story -WhatIf; "$((Get-ItemProperty a:\stuff -Name TreeType).TreeType)" }
            Check treeTypeOfFile { Set-ItemProperty a:\docs\note.txt -Name TreeType -Value Gallery }
            Check treeTypeUnknown { Set-ItemProperty a:\stuff -Name TreeType -Value Painting }
            Check setId { Set-ItemProperty a:\stuff -Name Id -Value abc }
            Check mount { Mount-IndraVault -MountPoint {{Pwsh.Quote(_erin.MountPoint)}} -Vault {{Pwsh.Quote(_erin.VaultDirectory)}} }
            Check mountedList { New-PSDrive -Name e -PSProvider Indra -Root / -Vault {{Pwsh.Quote(_erin.VaultDirectory)}} | Out-Null; Set-Content e:\erin.txt 'erin'; Get-ChildItem e:\ | ForEach-Object Name }
            Check dismountWhatIf { Dismount-IndraVault -Vault {{Pwsh.Quote(_erin.VaultDirectory)}} -WhatIf; (Get-IndraVault -Vault {{Pwsh.Quote(_erin.VaultDirectory)}}).Mounted }
            Check dismount { Dismount-IndraVault -Vault {{Pwsh.Quote(_erin.VaultDirectory)}}; (Get-IndraVault -Vault {{Pwsh.Quote(_erin.VaultDirectory)}}).Mounted }
            Check invite { New-IndraInvite -Vault $alice }
            Check addPeer { Add-IndraPeer -Vault {{Pwsh.Quote(_dave.VaultDirectory)}} -Name alice -Invite (New-IndraInvite -Vault $alice) }
            Check davesPeers { Get-IndraPeer -Vault {{Pwsh.Quote(_dave.VaultDirectory)}} | ForEach-Object Name }
            """);

        // Five opens of hot.txt, one of cold.txt, through the mount.
        for (var i = 0; i < 5; i++) File.ReadAllText(Path.Combine(Alice.Vault, "heat", "hot.txt"));
        File.ReadAllText(Path.Combine(Alice.Vault, "heat", "cold.txt"));
        Wait.Until(() => PeerState(Alice, "bob") == "online", "alice to see bob online");

        _shared = Pwsh.Run($$"""
            $alice = {{Pwsh.Quote(Alice.VaultDirectory)}}
            New-PSDrive -Name a -PSProvider Indra -Root / -Vault $alice | Out-Null
            Check heat {
                $deadline = (Get-Date).AddSeconds(15)
                do { $heat = @(Get-ChildItem a:\heat | Get-IndraHeat | Sort-Object Heat -Descending) } until (($heat.Count -eq 2 -and $heat[0].Opens -ge 5 -and $heat[1].Opens -ge 1) -or (Get-Date) -gt $deadline)
                $heat
            }
            Check attention { Get-IndraAttention -Vault $alice -Path a:\heat\hot.txt -Since (Get-Date).AddMinutes(-10) }
            Check peers { Get-IndraPeer -Vault $alice }
            Check grantWhatIf { Grant-IndraAccess a:\docs\note.txt -Peer bob -WhatIf; @(Get-IndraGrant -Vault $alice).Count }
            Check grant { Grant-IndraAccess a:\docs\note.txt -Peer bob }
            Check grants { Get-IndraGrant -Vault $alice -Peer bob -State active }
            Check realm { New-IndraRealm -Vault $alice -Name team -Member bob }
            Check realms { Get-IndraRealm -Vault $alice }
            Check check { Test-IndraVault -Vault $alice }
            Check gc { Invoke-IndraGarbageCollection -Vault $alice }
            """);

        var seen = Path.Combine(Bob.PeerView("alice"), "note.txt");
        Wait.Until(() => File.Exists(seen), "note.txt under bob's peers/alice", TimeSpan.FromSeconds(10));
        _bobsPeerFile = JsonDocument.Parse(JsonSerializer.Serialize(new { Text = File.ReadAllText(seen) })).RootElement.Clone();

        _viewed = Pwsh.Run($$"""
            $alice = {{Pwsh.Quote(Alice.VaultDirectory)}}
            New-PSDrive -Name a -PSProvider Indra -Root / -Vault $alice | Out-Null
            New-PSDrive -Name b -PSProvider Indra -Root / -Vault {{Pwsh.Quote(Bob.VaultDirectory)}} | Out-Null
            Check view { Get-ChildItem b:\peers\alice }
            Check viewText { Get-Content b:\peers\alice\note.txt -Raw }
            Check writeView { Set-Content b:\peers\alice\note.txt 'overwritten' }
            Check newInView { New-Item b:\peers\alice\new.txt -ItemType File }
            Check removeInView { Remove-Item b:\peers\alice\note.txt }
            Check grantView { Grant-IndraAccess b:\peers\alice\note.txt -Peer alice }
            Check revokeWhatIf { Revoke-IndraAccess a:\docs\note.txt -Peer bob -WhatIf; @(Get-IndraGrant -Vault $alice -Peer bob -State active).Count }
            Check revoke { Get-IndraGrant -Vault $alice -Peer bob -State active | Revoke-IndraAccess -Vault $alice; @(Get-IndraGrant -Vault $alice -Peer bob -State active).Count }
            """);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        if (TestContext.CurrentContext.Result.FailCount > 0)
        {
            foreach (var vault in new[] { _alice, _bob, _erin }.OfType<DaemonVault>()) TestContext.Out.WriteLine($"{vault.Name}'s log:\n{vault.LogText()}");
        }
        _erin?.Dispose();
        _dave?.Dispose();
        _bob?.Dispose();
        _alice?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void Set_content_reads_back_through_the_mount_with_the_b3sum_as_id()
    {
        var item = _written.Single("set");
        var file = Path.Combine(Alice.Vault, "docs", "note.txt");
        Assert.That(File.ReadAllText(file), Is.EqualTo("written through PowerShell\n"));
        var xattr = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", file]).Ok().Stdout.Trim();
        var b3sum = Shell.Run("b3sum", ["--no-names", file]).Ok().Stdout.Trim();
        Assert.That(xattr, Is.EqualTo(b3sum));
        Assert.That(item.Text("Id"), Is.EqualTo(b3sum));
        Assert.That(_written.Single("status").GetProperty("Mounted").GetBoolean(), Is.True);
    }

    [Test]
    public void Set_item_property_sets_a_folders_tree_type_as_the_mount_sees_it()
    {
        var set = _written.Single("treeType");
        Assert.That(set.Text("Before"), Is.Not.EqualTo("Gallery"), "a new folder named stuff is not typed Gallery already");
        Assert.That(set.Text("After"), Is.EqualTo("Gallery"));
        var folder = Path.Combine(Alice.Vault, "stuff");
        Assert.That(Shell.Run("getfattr", ["--only-values", "-n", "user.indra.tree_type", folder]).Ok().Stdout.Trim('\0', '\n'), Is.EqualTo("Gallery"));
        Assert.That(_written.Single("treeTypeWhatIf").GetString(), Is.EqualTo("Gallery"), "-WhatIf changed nothing");
        Assert.That(_written.Error("treeTypeOfFile").Category, Is.EqualTo("InvalidArgument"));
        Assert.That(_written.Error("treeTypeOfFile").Message, Does.Contain("only a folder has a TreeType"));
        Assert.That(_written.Error("treeTypeUnknown").Category, Is.EqualTo("InvalidArgument"));
        Assert.That(_written.Error("treeTypeUnknown").Message, Does.Contain("Gallery"), "the message lists the TreeTypes");
        Assert.That(_written.Error("setId").Category, Is.EqualTo("InvalidOperation"), "other properties are still refused");
        Assert.That(_written.Error("setId").Message, Does.Contain("BLAKE3"));
    }

    [Test]
    public void Copy_item_adds_no_block()
    {
        var copy = _written.Single("copy");
        Assert.That(copy.GetProperty("After").GetInt64(), Is.EqualTo(copy.GetProperty("Before").GetInt64()));
        Assert.That(File.ReadAllText(Path.Combine(Alice.Vault, "docs", "note-copy.txt")), Is.EqualTo("written through PowerShell\n"));
        Assert.That(copy.Text("Id"), Is.EqualTo(_written.Single("set").Text("Id")));
    }

    [Test]
    public void Heat_ranks_a_file_opened_five_times_above_one_opened_once()
    {
        var heat = _shared.Output("heat");
        Assert.That(heat.EnumerateArray().Select(h => h.Text("Path")), Is.EqualTo(new[] { "heat/hot.txt", "heat/cold.txt" }));
        Assert.That(heat[0].GetProperty("Heat").GetDouble(), Is.GreaterThan(heat[1].GetProperty("Heat").GetDouble()));
        Assert.That(heat[0].GetProperty("Opens").GetInt32(), Is.GreaterThan(heat[1].GetProperty("Opens").GetInt32()));
        var opens = _shared.Output("attention").EnumerateArray().Where(e => e.Text("Kind") == "NavigateTo").ToList();
        Assert.That(opens, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(opens.Select(e => e.Text("Path")).Distinct(), Is.EqualTo(new[] { "heat/hot.txt" }));
    }

    [Test]
    public void A_grant_appears_under_the_peers_view_of_the_other_daemon()
    {
        var grant = _shared.Single("grant");
        Assert.That((grant.Text("Peer"), grant.Text("Mode"), grant.Text("Path")), Is.EqualTo(("bob", "Revocable", "docs/note.txt")));
        Assert.That(_shared.Output("grants").EnumerateArray().Select(g => g.Text("Path")), Does.Contain("docs/note.txt"));
        Assert.That(_bobsPeerFile.Text("Text"), Is.EqualTo("written through PowerShell\n"));
        var view = _viewed.Output("view");
        Assert.That(view.EnumerateArray().Select(i => (i.Text("Name"), i.GetProperty("ReadOnly").GetBoolean())), Does.Contain(("note.txt", true)));
        Assert.That(_viewed.Single("viewText").GetString(), Is.EqualTo("written through PowerShell\n"));
    }

    [Test]
    public void Writes_under_peers_fail_with_permission_denied()
    {
        foreach (var check in new[] { "writeView", "newInView", "removeInView", "grantView" })
        {
            var error = _viewed.Error(check);
            Assert.That(error.Category, Is.EqualTo("PermissionDenied"), $"{check}: {error.Message}");
            Assert.That(error.Message, Does.Not.Contain("\n"), check);
        }
        Assert.That(File.ReadAllText(Path.Combine(Alice.Vault, "docs", "note.txt")), Is.EqualTo("written through PowerShell\n"));
    }

    [Test]
    public void What_if_grants_and_revokes_nothing_and_revoke_ends_the_grant()
    {
        Assert.That(_shared.Single("grantWhatIf").GetInt32(), Is.Zero);
        Assert.That(_viewed.Single("revokeWhatIf").GetInt32(), Is.EqualTo(1));
        Assert.That(_viewed.Single("revoke").GetInt32(), Is.Zero);
        Wait.Until(() => !File.Exists(Path.Combine(Bob.PeerView("alice"), "note.txt")), "the revoke to reach bob's mount");
    }

    [Test]
    public void Peers_invites_and_realms()
    {
        Assert.That(_shared.Output("peers").EnumerateArray().Select(p => p.Text("Name")), Does.Contain("bob"));
        Assert.That(_written.Single("invite").GetString(), Does.StartWith("indra:" + Alice.PlayerId));
        Assert.That(_written.Single("addPeer").Text("Name"), Is.EqualTo("alice"));
        Assert.That(_written.Output("davesPeers").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "alice" }));
        var realm = _shared.Single("realm");
        Assert.That((realm.Text("Name"), realm.GetProperty("Members")[0].GetString()), Is.EqualTo(("team", "bob")));
        Assert.That(_shared.Output("realms").EnumerateArray().Select(r => r.Text("Name")), Does.Contain("team"));
    }

    [Test]
    public void Check_and_garbage_collection_of_a_mounted_vault_are_busy_errors_saying_why()
    {
        foreach (var (check, verb) in new[] { ("check", "checked"), ("gc", "collected") })
        {
            var error = _shared.Error(check);
            Assert.That((error.Category, error.Message), Is.EqualTo(("ResourceBusy", $"the vault is mounted at {Alice.MountPoint}: it can be {verb} only when unmounted ('indra unmount {Alice.MountPoint}')")));
        }
    }

    [Test]
    public void Mount_and_dismount_start_and_stop_a_daemon()
    {
        var mounted = _written.Single("mount");
        Assert.That((mounted.GetProperty("Mounted").GetBoolean(), mounted.Text("MountPoint")), Is.EqualTo((true, _erin!.MountPoint)));
        Assert.That(_written.Output("mountedList").EnumerateArray().Select(n => n.GetString()), Does.Contain("erin.txt"));
        Assert.That(_written.Single("dismountWhatIf").GetBoolean(), Is.True);
        Assert.That(_written.Single("dismount").GetBoolean(), Is.False);
        Assert.That(_erin.IsMounted, Is.False);
    }

    /// <summary>The state peers.json on <paramref name="vault"/>'s mount gives <paramref name="peer"/>.</summary>
    private static string? PeerState(DaemonVault vault, string peer)
    {
        using var json = vault.PeersJson();
        return json.RootElement.GetProperty("peers").EnumerateArray().FirstOrDefault(p => p.GetProperty("name").GetString() == peer) is { ValueKind: JsonValueKind.Object } found
            ? found.GetProperty("state").GetString()
            : null;
    }
}
