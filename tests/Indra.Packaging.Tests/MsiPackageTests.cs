using System.Security.Cryptography;
using System.Xml.Linq;
using Indra.Packaging.Tests.Support;

namespace Indra.Packaging.Tests;

/// <summary>
/// The Windows installer (build/package-msi.sh, packaging/windows/indra.wxs, built by wixl) read back with msiinfo and
/// msiextract: per-machine under Program Files, major upgrades, the logon start, a public property per policy setting
/// of docs/policy.md written with its registry type, the ProjFS launch condition, and exactly the published files.
/// </summary>
[TestFixture]
[Category("Packaging")]
public sealed class MsiPackageTests
{
    private string _msi = "";

    [OneTimeSetUp]
    public void Build()
    {
        Shell.Require("wixl", "wixl");
        Shell.Require("msiinfo", "msitools");
        Shell.Require("msiextract", "msitools");
        _msi = PackageBuilds.Msi;
    }

    [Test]
    public void Tables_AreThoseDesigned()
    {
        Assert.That(MsiTables.Names(_msi), Is.SupersetOf(new[]
        {
            "File", "Component", "Directory", "Feature", "FeatureComponents", "Registry", "CustomAction", "InstallExecuteSequence",
            "LaunchCondition", "AppSearch", "RegLocator", "Upgrade", "Property", "Media",
        }));
    }

    [Test]
    public void Product_IsPerMachineWithAFixedUpgradeCodeAndMajorUpgrade()
    {
        Assert.That(MsiTables.Property(_msi, "ALLUSERS"), Is.EqualTo("1"));
        var wxs = XDocument.Load(Repository.Path("packaging/windows/indra.wxs"));
        var upgradeCode = wxs.Descendants().Single(e => e.Name.LocalName == "Product").Attribute("UpgradeCode")!.Value;
        Assert.That(MsiTables.Property(_msi, "UpgradeCode"), Is.EqualTo(upgradeCode));
        var deps = File.ReadAllText(Path.Combine(PackageBuilds.Publish("win-x64"), "indra.deps.json"));
        Assert.That(deps, Does.Contain($"\"indra/{MsiTables.Property(_msi, "ProductVersion")}\""));
        // MajorUpgrade: older versions are found and removed, newer ones refuse the install.
        var upgrade = MsiTables.Rows(_msi, "Upgrade");
        Assert.That(upgrade.Select(r => r[^1]), Is.SupersetOf(new[] { "WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED" }));
        Assert.That(upgrade.All(r => r[0] == upgradeCode), Is.True);
        Assert.That(MsiTables.Rows(_msi, "InstallExecuteSequence").Select(r => r[0]), Does.Contain("RemoveExistingProducts"));
        // Under Program Files (64-bit), and the module in PowerShell's all-users module folder.
        var directories = MsiTables.Rows(_msi, "Directory").ToDictionary(r => r[0], r => (Parent: r[1], Name: r[2]));
        Assert.That(directories["INSTALLDIR"], Is.EqualTo(("ProgramFiles64Folder", "Indra")));
        Assert.That(directories["MODULEDIR"].Name, Is.EqualTo("Indra"));
        Assert.That(directories[directories["MODULEDIR"].Parent].Name, Is.EqualTo("Modules"));
        Assert.That(directories[directories[directories["MODULEDIR"].Parent].Parent], Is.EqualTo(("ProgramFiles64Folder", "PowerShell")));
    }

    [Test]
    public void AutoMount_StartsTheLogonScriptForEveryUser()
    {
        var run = MsiTables.Rows(_msi, "Registry").Single(r => r[2] == @"Software\Microsoft\Windows\CurrentVersion\Run");
        Assert.That(run[1], Is.EqualTo("2"), "HKLM");
        Assert.That(run[3], Is.EqualTo("Indra"));
        Assert.That(run[4], Does.Contain("/min").And.Contain("[INSTALLDIR]indra-logon.cmd"));
        var feature = MsiTables.Rows(_msi, "FeatureComponents").Single(r => r[1] == run[5])[0];
        Assert.That(feature, Is.EqualTo("AutoMount"));
        var script = File.ReadAllText(Repository.Path("packaging/windows/indra-logon.cmd"));
        Assert.That(script, Does.Contain("indra.exe\" mount"));
    }

    [Test]
    public void EveryPolicySetting_HasAPublicPropertyWrittenWithItsRegistryType()
    {
        var actions = MsiTables.Rows(_msi, "CustomAction");
        var sequence = MsiTables.Rows(_msi, "InstallExecuteSequence");
        foreach (var setting in PolicyDocument.Settings)
        {
            var action = actions.SingleOrDefault(a => a[3].Contains($" /v {setting.RegistryValue} ", StringComparison.Ordinal));
            Assert.That(action, Is.Not.Null, $"{setting.JsonPath}: no custom action writes {setting.RegistryValue}");
            Assert.That(action![3], Does.StartWith(@"add ""HKLM\SOFTWARE\Policies\Indra"" ")
                .And.Contain($" /t {setting.RegistryType} ").And.Contain($"[{setting.MsiProperty}]").And.EndWith("/reg:64"), setting.JsonPath);
            // Deferred, elevated (no impersonation), run only when the property is given.
            Assert.That(int.Parse(action[1], System.Globalization.CultureInfo.InvariantCulture) & 0xC00, Is.EqualTo(0xC00), setting.JsonPath);
            var step = sequence.Single(r => r[0] == action[0]);
            Assert.That(step[1], Does.StartWith(setting.MsiProperty + " AND NOT REMOVE"), setting.JsonPath);
        }
        Assert.That(actions.Count(a => a[3].Contains(@"SOFTWARE\Policies\Indra", StringComparison.Ordinal)), Is.EqualTo(PolicyDocument.Settings.Count));
    }

    [Test]
    public void ProjFS_IsALaunchConditionThatCanBeWaived()
    {
        var locator = MsiTables.Rows(_msi, "RegLocator").Single(r => r[2] == @"SYSTEM\CurrentControlSet\Services\PrjFlt");
        Assert.That(MsiTables.Rows(_msi, "AppSearch"), Has.Some.EqualTo(new[] { "PROJFSDRIVER", locator[0] }));
        var condition = MsiTables.Rows(_msi, "LaunchCondition").Single(r => r[0].Contains("PROJFSDRIVER", StringComparison.Ordinal));
        Assert.That(condition[0], Does.Contain("SKIPPROJFSCHECK"));
        Assert.That(condition[1], Does.Contain("Enable-WindowsOptionalFeature -Online -FeatureName Client-ProjFS"));
    }

    [Test]
    public void Extract_GivesExactlyThePublishedFiles()
    {
        var into = Directory.CreateTempSubdirectory("indra-msi-").FullName;
        try
        {
            Shell.Run("msiextract", ["-C", into, _msi], timeout: TimeSpan.FromMinutes(5)).Ok();
            var extracted = Hashes(into);
            var expected = new Dictionary<string, string>();
            foreach (var (name, hash) in Hashes(PackageBuilds.Publish("win-x64"))) expected["Indra/" + name] = hash;
            expected["Indra/indra-logon.cmd"] = Hash(Repository.Path("packaging/windows/indra-logon.cmd"));
            var module = Repository.Path("artifacts/Indra");
            if (Directory.Exists(module)) foreach (var (name, hash) in Hashes(module)) expected["PowerShell/Modules/Indra/" + name] = hash;
            Assert.That(extracted.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)));
            Assert.That(extracted, Is.EquivalentTo(expected));
            Assert.That(MsiTables.Rows(_msi, "File"), Has.Count.EqualTo(expected.Count));
            Assert.That(extracted.Keys, Does.Contain("Indra/indra.exe"));
        }
        finally
        {
            Directory.Delete(into, recursive: true);
        }
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(directory, f), Hash);

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
}
