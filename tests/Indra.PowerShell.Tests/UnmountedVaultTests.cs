using System.Text.Json;
using Indra.Sharing.Tests.Daemons;

namespace Indra.PowerShell.Tests;

/// <summary>
/// The provider and cmdlets against a vault no daemon holds (the control API opens it in-process for each call), in
/// one pwsh process: every provider verb, the default Indra: drive, tab completion, errors and -WhatIf.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class UnmountedVaultTests
{
    private string _root = "";
    private DaemonVault? _vault;
    private JsonElement _r;

    [OneTimeSetUp]
    public void Run()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-pwsh-" + Guid.NewGuid().ToString("N")[..12]);
        _vault = new DaemonVault(_root, "solo", mount: false, listenOnFreePort: false);
        var vault = Pwsh.Quote(_vault.VaultDirectory);
        _r = Pwsh.Run($$"""
            $vault = {{vault}}
            Check defaultDrive { Get-PSDrive -PSProvider Indra | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Vault = $_.VaultDirectory } } }
            New-PSDrive -Name v -PSProvider Indra -Root / -Vault $vault | Out-Null
            Check mkdir { New-Item v:\notes -ItemType Directory }
            Check newFile { New-Item v:\notes\a.txt -ItemType File -Value 'first' }
            Check set { Set-Content v:\notes\b.txt -Value 'hello', 'world'; Get-Item v:\notes\b.txt }
            Check get { Get-Content v:\notes\b.txt }
            Check add { Add-Content v:\notes\b.txt -Value 'again'; Get-Content v:\notes\b.txt -Raw }
            Check bytes { Set-Content v:\notes\c.bin -AsByteStream -Value ([byte[]](0, 1, 2, 255)); Get-Content v:\notes\c.bin -AsByteStream | ForEach-Object { [int] $_ } }
            Check rawBytes { (Get-Content v:\notes\c.bin -AsByteStream -Raw).Length }
            Check recurse { Get-ChildItem v:\ -Recurse }
            Check filter { Get-ChildItem v:\notes -Filter '*.txt' | ForEach-Object Name }
            Check wildcard { Get-ChildItem v:\notes\b* | ForEach-Object Name }
            Check testPath { Test-Path v:\notes\a.txt; Test-Path v:\notes\nothing; Test-Path v:\notes -PathType Container; Test-Path v:\notes\a.txt -PathType Container }
            Check defaultList { Get-ChildItem Indra:\notes | ForEach-Object Name }
            Check complete { $line = 'Get-Item v:\notes\b'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
            Check rename { Rename-Item v:\notes\a.txt a2.txt; Test-Path v:\notes\a.txt; Get-Content v:\notes\a2.txt -Raw }
            Check move { New-Item v:\archive -ItemType Directory | Out-Null; Move-Item v:\notes\a2.txt v:\archive; Get-ChildItem v:\archive | ForEach-Object Name; Test-Path v:\notes\a2.txt }
            Check copy {
                $before = (Get-IndraVault -Vault $vault).Blocks
                Copy-Item v:\notes\b.txt v:\notes\b-copy.txt
                [pscustomobject]@{ Before = $before; After = (Get-IndraVault -Vault $vault).Blocks; Source = (Get-Item v:\notes\b.txt).Id; Copy = (Get-Item v:\notes\b-copy.txt).Id; Text = Get-Content v:\notes\b-copy.txt -Raw }
            }
            Check copyFolder { Copy-Item v:\notes v:\notes2 -Recurse; Get-ChildItem v:\notes2 | ForEach-Object Name }
            Check properties { Get-ItemProperty v:\notes\b.txt -Name Id, Heat, LeafType, Steward | Select-Object Id, Heat, LeafType, Steward }
            Check folderType { (Get-ItemProperty v:\notes -Name TreeType).TreeType }
            Check setHeat { Set-ItemProperty v:\notes\b.txt -Name Heat -Value 5 }
            Check setUnknown { Set-ItemProperty v:\notes\b.txt -Name Colour -Value red }
            Check remove { Remove-Item v:\notes2 -Recurse; Test-Path v:\notes2 }
            Check clear { Clear-Content v:\notes\c.bin; (Get-Item v:\notes\c.bin).Size }
            Check notFound { Get-Item v:\nothing\here }
            Check exists { New-Item v:\notes -ItemType Directory }
            Check notEmpty { Remove-Item v:\archive -Recurse:$false -Confirm:$false }
            Check whatIf {
                Remove-Item v:\notes\b.txt -WhatIf
                Set-Content v:\notes\b.txt 'changed' -WhatIf
                New-Item v:\whatif.txt -ItemType File -WhatIf
                Rename-Item v:\notes\b.txt renamed.txt -WhatIf
                Copy-Item v:\notes\b.txt v:\copied.txt -WhatIf
                [pscustomobject]@{ Text = Get-Content v:\notes\b.txt -Raw; New = Test-Path v:\whatif.txt; Renamed = Test-Path v:\notes\renamed.txt; Copied = Test-Path v:\copied.txt }
            }
            Check vault { Get-IndraVault -Vault $vault }
            Check format { Get-ChildItem v:\notes | Out-String -Width 120 }
            Check heat { Get-ChildItem v:\notes | Where-Object { -not $_.IsDirectory } | Get-IndraHeat }
            Check check { Test-IndraVault -Vault $vault }
            Check gc { Invoke-IndraGarbageCollection -Vault $vault }
            Check gcWhatIf { Invoke-IndraGarbageCollection -Vault $vault -WhatIf }
            Check dismount { Dismount-IndraVault -Vault $vault }
            Check grantNoPeer { Grant-IndraAccess v:\notes\b.txt -Peer nobody }
            Check timedNoUntil { Grant-IndraAccess v:\notes\b.txt -Peer nobody -Mode Timed }
            Check noVault { New-PSDrive -Name w -PSProvider Indra -Root / -Vault (Join-Path $vault 'missing') }
            Check notIndra { Get-IndraHeat -Path $HOME }
            Check help {
                Get-Command -Module Indra | ForEach-Object {
                    $help = Get-Help $_.Name -Full
                    $own = @($_.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters })
                    [pscustomobject]@{
                        Name = $_.Name
                        Description = ($help.description | Out-String).Trim()
                        Parameters = $own.Count
                        Described = @($help.parameters.parameter | Where-Object { $_.name -in $own -and ($_.description | Out-String).Trim() }).Count
                        Examples = @($help.examples.example | Where-Object { $_.code -and ($_.remarks | Out-String).Trim() }).Count
                        Full = ($help | Out-String -Width 200)
                    }
                }
            }
            """, new Dictionary<string, string> { ["INDRA_VAULT"] = _vault.VaultDirectory });
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _vault?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void The_default_drive_shows_the_default_vault()
    {
        var drive = _r.Single("defaultDrive");
        Assert.That(drive.Text("Name"), Is.EqualTo("Indra"));
        Assert.That(drive.Text("Vault"), Is.EqualTo(_vault!.VaultDirectory));
        Assert.That(_r.Output("defaultList").EnumerateArray().Select(e => e.GetString()), Does.Contain("b.txt"));
    }

    [Test]
    public void New_item_makes_folders_and_files_with_typed_properties()
    {
        var folder = _r.Single("mkdir");
        Assert.That(folder.Text("Kind"), Is.EqualTo("Directory"));
        Assert.That(folder.Text("TreeType"), Is.EqualTo("Collection"));
        var file = _r.Single("newFile");
        Assert.That((file.Text("Kind"), file.GetProperty("Size").GetInt64(), file.Text("Path"), file.Text("LeafType")), Is.EqualTo(("File", 5L, "notes/a.txt", "File")));
        Assert.That(file.Text("Id"), Does.Match("^[0-9a-f]{64}$"));
        Assert.That(file.Text("PSPath"), Does.EndWith("v:/notes/a.txt"));
    }

    [Test]
    public void Content_is_written_read_and_appended_as_text_and_bytes()
    {
        Assert.That(_r.Single("set").GetProperty("Size").GetInt64(), Is.EqualTo("hello\nworld\n".Length));
        Assert.That(_r.Output("get").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "hello", "world" }));
        Assert.That(_r.Single("add").GetString(), Is.EqualTo("hello\nworld\nagain\n"));
        Assert.That(_r.Output("bytes").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 1, 2, 255 }));
        Assert.That(_r.Single("rawBytes").GetInt32(), Is.EqualTo(4));
        Assert.That(_r.Single("clear").GetInt64(), Is.Zero);
    }

    [Test]
    public void Get_child_item_recurses_filters_and_expands_wildcards()
    {
        var paths = _r.Output("recurse").EnumerateArray().Select(e => e.Text("Path")).ToList();
        Assert.That(paths, Is.SupersetOf(new[] { "notes", "notes/a.txt", "notes/b.txt", "notes/c.bin", "peers", "realms" }));
        Assert.That(_r.Output("filter").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "a.txt", "b.txt" }));
        Assert.That(_r.Output("wildcard").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "b.txt" }));
        Assert.That(_r.Output("testPath").EnumerateArray().Select(e => e.GetBoolean()), Is.EqualTo(new[] { true, false, true, false }));
    }

    [Test]
    public void Paths_complete_with_tab()
    {
        var completions = _r.Output("complete").EnumerateArray().Select(e => e.GetString()!.Replace('\\', '/')).ToList();
        Assert.That(completions, Does.Contain("v:/notes/b.txt"));
    }

    [Test]
    public void Rename_move_copy_and_remove()
    {
        var rename = _r.Output("rename");
        Assert.That((rename[0].GetBoolean(), rename[1].GetString()), Is.EqualTo((false, "first")));
        var move = _r.Output("move");
        Assert.That((move[0].GetString(), move[1].GetBoolean()), Is.EqualTo(("a2.txt", false)));
        var copy = _r.Single("copy");
        Assert.That(copy.GetProperty("After").GetInt64(), Is.EqualTo(copy.GetProperty("Before").GetInt64()), "a copy adds no block");
        Assert.That(copy.Text("Copy"), Is.EqualTo(copy.Text("Source")));
        Assert.That(copy.Text("Text"), Is.EqualTo("hello\nworld\nagain\n"));
        Assert.That(_r.Output("copyFolder").EnumerateArray().Select(e => e.GetString()), Is.SupersetOf(new[] { "b.txt", "c.bin" }));
        Assert.That(_r.Single("remove").GetBoolean(), Is.False);
    }

    [Test]
    public void Item_properties_are_shown_and_refused_with_the_reason()
    {
        var properties = _r.Single("properties");
        Assert.That(properties.Text("Id"), Does.Match("^[0-9a-f]{64}$"));
        Assert.That(properties.Text("LeafType"), Is.EqualTo("File"));
        Assert.That(properties.Text("Steward"), Does.Match("^[0-9a-f]+$"));
        Assert.That(_r.Single("folderType").GetString(), Is.EqualTo("Collection"));
        var heat = _r.Error("setHeat");
        Assert.That((heat.Category, heat.Message), Is.EqualTo(("InvalidOperation", "Heat is computed from attention (opens, dwell, peers): open the item to change it")));
        Assert.That(_r.Error("setUnknown").Category, Is.EqualTo("InvalidArgument"));
    }

    [Test]
    public void Failures_are_one_line_error_records_with_their_category()
    {
        foreach (var (check, category) in new[]
        {
            ("notFound", "ObjectNotFound"), ("exists", "ResourceExists"), ("grantNoPeer", "ObjectNotFound"),
            ("timedNoUntil", "InvalidArgument"), ("noVault", "ObjectNotFound"), ("notIndra", "InvalidArgument"), ("dismount", "InvalidOperation"),
        })
        {
            var error = _r.Error(check);
            Assert.That(error.Category, Is.EqualTo(category), $"{check}: {error.Message}");
            Assert.That(error.Message, Does.Not.Contain("\n").And.Not.Contain("   at "), check);
        }
        Assert.That(_r.Error("notEmpty").Message, Does.Not.Contain("   at "));
    }

    [Test]
    public void What_if_changes_nothing()
    {
        var state = _r.Single("whatIf");
        Assert.That(state.Text("Text"), Is.EqualTo("hello\nworld\nagain\n"));
        Assert.That((state.GetProperty("New").GetBoolean(), state.GetProperty("Renamed").GetBoolean(), state.GetProperty("Copied").GetBoolean()), Is.EqualTo((false, false, false)));
        Assert.That(_r.Output("gcWhatIf").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Get_help_full_shows_a_description_parameters_and_an_example_for_every_cmdlet()
    {
        var help = _r.Output("help").EnumerateArray().ToList();
        Assert.That(help.Select(h => h.Text("Name")), Is.EquivalentTo(InProcessModuleTests.Cmdlets));
        foreach (var cmdlet in help)
        {
            var name = cmdlet.Text("Name");
            Assert.That(cmdlet.Text("Description"), Has.Length.GreaterThan(30), name);
            Assert.That(cmdlet.GetProperty("Described").GetInt32(), Is.EqualTo(cmdlet.GetProperty("Parameters").GetInt32()), $"{name}: every parameter described");
            Assert.That(cmdlet.GetProperty("Examples").GetInt32(), Is.GreaterThanOrEqualTo(1), name);
            Assert.That(cmdlet.Text("Full"), Does.Contain("DESCRIPTION").And.Contain("PARAMETERS").And.Contain("Example 1"), name);
        }
    }

    [Test]
    public void Items_print_as_a_listing_with_heat()
    {
        var text = _r.Single("format").GetString()!;
        Assert.That(text, Does.Contain("Folder: Indra\\Indra::v:/notes"));
        Assert.That(text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("Kind", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "Kind", "Modified", "Size", "Heat", "Name" }));
        Assert.That(text, Does.Contain("b.txt"));
    }

    [Test]
    public void Vault_cmdlets_answer_in_process()
    {
        var vault = _r.Single("vault");
        Assert.That((vault.GetProperty("Mounted").GetBoolean(), vault.Text("Vault")), Is.EqualTo((false, _vault!.VaultDirectory)));
        Assert.That(vault.GetProperty("Leaves").GetInt64(), Is.GreaterThanOrEqualTo(3));
        Assert.That(_r.Single("check").GetProperty("Clean").GetBoolean(), Is.True);
        Assert.That(_r.Single("gc").GetProperty("BlocksRemoved").GetInt64(), Is.GreaterThanOrEqualTo(0));
        Assert.That(_r.Output("heat").EnumerateArray().Select(e => e.Text("Path")), Is.SupersetOf(new[] { "notes/b.txt" }));
    }
}
