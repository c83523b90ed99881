using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Indra.Sharing.Tests.Daemons;
using SMA = System.Management.Automation;

namespace Indra.PowerShell.Tests;

/// <summary>
/// The built module hosted in this process through the PowerShell SDK (no pwsh start): its manifest, its exports and
/// provider, and the provider over an unmounted vault, which loads SQLite (native) and the sharing layer (ASP.NET
/// Core's assemblies) through the module's resolvers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InProcessModuleTests
{
    /// <summary>The cmdlets the manifest exports.</summary>
    internal static readonly string[] Cmdlets =
    [
        "Get-IndraVault", "Mount-IndraVault", "Dismount-IndraVault", "Get-IndraHeat", "Get-IndraAttention", "Grant-IndraAccess",
        "Revoke-IndraAccess", "Get-IndraGrant", "Get-IndraPeer", "New-IndraInvite", "Add-IndraPeer", "Get-IndraRealm",
        "New-IndraRealm", "Test-IndraVault", "Invoke-IndraGarbageCollection", "Set-IndraPeer", "Get-IndraOffer", "Approve-IndraOffer", "Deny-IndraOffer",
    ];

    private static readonly string[] ChangingCmdlets =
    [
        "Mount-IndraVault", "Dismount-IndraVault", "Grant-IndraAccess", "Revoke-IndraAccess", "Add-IndraPeer", "New-IndraRealm",
        "Test-IndraVault", "Invoke-IndraGarbageCollection", "Set-IndraPeer", "Approve-IndraOffer", "Deny-IndraOffer",
    ];

    private string _root = "";
    private DaemonVault? _vault;
    private SMA.PowerShell? _shell;

    [OneTimeSetUp]
    public void Start()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-sdk-" + Guid.NewGuid().ToString("N")[..12]);
        _vault = new DaemonVault(_root, "sdk", mount: false, listenOnFreePort: false);
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ModuleFolder.Manifest);
        _shell = SMA.PowerShell.Create(state);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _shell?.Dispose();
        _vault?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private List<PSObject> Invoke(string script, bool errorsExpected = false)
    {
        _shell!.Commands.Clear();
        _shell.Streams.ClearStreams();
        var output = _shell.AddScript(script).Invoke().ToList();
        if (!errorsExpected) Assert.That(_shell.Streams.Error, Is.Empty, string.Join("\n", _shell.Streams.Error));
        return output;
    }

    [Test]
    public void The_manifest_declares_powershell_7_4_and_the_cmdlets_it_exports()
    {
        var manifest = Invoke($"Test-ModuleManifest '{ModuleFolder.Manifest}'").Single();
        Assert.That(manifest.Properties["PowerShellVersion"].Value.ToString(), Is.EqualTo("7.4"));
        var declared = ((System.Collections.IDictionary)manifest.Properties["ExportedCmdlets"].Value).Keys.Cast<string>();
        Assert.That(declared, Is.EquivalentTo(Cmdlets));
        Assert.That(Invoke("Get-Command -Module Indra").Select(c => c.Properties["Name"].Value), Is.EquivalentTo(Cmdlets));
    }

    [Test]
    public void Cmdlets_use_approved_verbs_and_those_that_change_things_support_what_if()
    {
        var approved = Invoke("Get-Verb").Select(v => (string)v.Properties["Verb"].Value).ToHashSet();
        foreach (var command in Invoke("Get-Command -Module Indra").Select(c => (CmdletInfo)c.BaseObject))
        {
            Assert.That(approved, Does.Contain(command.Verb), command.Name);
            Assert.That(command.Parameters.ContainsKey("WhatIf"), Is.EqualTo(ChangingCmdlets.Contains(command.Name)), command.Name);
        }
    }

    [Test]
    public void The_provider_serves_a_drive_in_process()
    {
        var provider = Invoke("Get-PSProvider Indra").Single();
        Assert.That(provider.Properties["Capabilities"].Value.ToString(), Does.Contain("Filter").And.Contain("ShouldProcess"));
        Invoke($"New-PSDrive -Name sdk -PSProvider Indra -Root / -Vault '{_vault!.VaultDirectory}' | Out-Null; Set-Content sdk:\\hello.txt 'hi'");
        var item = Invoke("Get-Item sdk:\\hello.txt").Single();
        Assert.That(item.BaseObject.GetType().FullName, Is.EqualTo("Indra.Control.Model.VaultItem"));
        Assert.That(item.Properties["Size"].Value, Is.EqualTo(3L));
        Assert.That(Invoke("Get-Content sdk:\\hello.txt").Select(o => o.BaseObject), Is.EqualTo(new[] { "hi" }));
    }

    [Test]
    public void Test_indra_vault_writes_progress_and_a_clean_report()
    {
        var report = Invoke($"Test-IndraVault -Vault '{_vault!.VaultDirectory}'").Single();
        Assert.That(report.Properties["Clean"].Value, Is.True);
        var progress = _shell!.Streams.Progress.ToList();
        Assert.That(progress, Is.Not.Empty);
        Assert.That(progress.Select(p => p.Activity).Distinct(), Is.EqualTo(new[] { "Checking " + _vault.VaultDirectory }));
        Assert.That(progress[^1].RecordType, Is.EqualTo(ProgressRecordType.Completed));
    }

    [Test]
    public void A_missing_item_is_an_object_not_found_error_record_and_a_folder_has_no_content()
    {
        Invoke($"if (-not (Get-PSDrive sdk2 -ErrorAction SilentlyContinue)) {{ New-PSDrive -Name sdk2 -PSProvider Indra -Root / -Vault '{_vault!.VaultDirectory}' | Out-Null }}");
        Invoke("Get-Item sdk2:\\missing.txt", errorsExpected: true);
        var error = _shell!.Streams.Error.Single();
        Assert.That(error.CategoryInfo.Category, Is.EqualTo(ErrorCategory.ObjectNotFound));
        Assert.That(error.Exception.Message, Does.Not.Contain("\n"));
        Invoke("New-Item sdk2:\\folder -ItemType Directory | Out-Null; Get-Content sdk2:\\folder", errorsExpected: true);
        Assert.That(_shell.Streams.Error.Single().FullyQualifiedErrorId, Does.StartWith("Indra.Directory"));
    }
}
