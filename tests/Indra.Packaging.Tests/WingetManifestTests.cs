using System.Security.Cryptography;
using Indra.Packaging.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Indra.Packaging.Tests;

/// <summary>
/// The winget manifests build/package-msi.sh writes beside the MSI (artifacts/packages/winget/manifests/i/Indra/Indra/
/// VERSION/), parsed as YAML: the version, defaultLocale and installer manifests with every field winget requires
/// (microsoft/winget-cli's 1.6.0 schemas), agreeing with each other and with the MSI (version, SHA-256, product code).
/// </summary>
[TestFixture]
[Category("Packaging")]
public sealed class WingetManifestTests
{
    private string _msi = "";
    private string _folder = "";

    [OneTimeSetUp]
    public void Build()
    {
        Shell.Require("msiinfo", "msitools");
        _msi = PackageBuilds.Msi;
        _folder = Path.Combine(Path.GetDirectoryName(_msi)!, "winget", "manifests", "i", "Indra", "Indra", MsiTables.Property(_msi, "ProductVersion"));
    }

    [Test]
    public void VersionManifest_HasTheRequiredFields()
    {
        var manifest = Load("Indra.Indra.yaml");
        Require(manifest, "PackageIdentifier", "PackageVersion", "DefaultLocale", "ManifestType", "ManifestVersion");
        Assert.That(Text(manifest, "ManifestType"), Is.EqualTo("version"));
        Assert.That(Text(manifest, "DefaultLocale"), Is.EqualTo("en-US"));
        SamePackage(manifest);
    }

    [Test]
    public void DefaultLocaleManifest_HasTheRequiredFields()
    {
        var manifest = Load("Indra.Indra.locale.en-US.yaml");
        Require(manifest, "PackageIdentifier", "PackageVersion", "PackageLocale", "Publisher", "PackageName", "License", "ShortDescription",
            "ManifestType", "ManifestVersion");
        Assert.That(Text(manifest, "ManifestType"), Is.EqualTo("defaultLocale"));
        Assert.That(Text(manifest, "PackageLocale"), Is.EqualTo(Text(Load("Indra.Indra.yaml"), "DefaultLocale")));
        SamePackage(manifest);
    }

    [Test]
    public void InstallerManifest_NamesTheMsiBuiltWithItsHashAndProductCode()
    {
        var manifest = Load("Indra.Indra.installer.yaml");
        Require(manifest, "PackageIdentifier", "PackageVersion", "Installers", "ManifestType", "ManifestVersion");
        Assert.That(Text(manifest, "ManifestType"), Is.EqualTo("installer"));
        SamePackage(manifest);
        var installers = (YamlSequenceNode)manifest.Children[new YamlScalarNode("Installers")];
        Assert.That(installers.Children, Has.Count.EqualTo(1));
        var installer = (YamlMappingNode)installers.Children[0];
        Require(installer, "Architecture", "InstallerUrl", "InstallerSha256");
        Assert.That(manifest.Children.ContainsKey("InstallerType") || installer.Children.ContainsKey("InstallerType"), Is.True, "InstallerType");
        Assert.That(Text(installer, "Architecture"), Is.EqualTo("x64"));
        Assert.That(Text(installer, "InstallerUrl"), Does.StartWith("https://").And.EndWith("/" + Path.GetFileName(_msi)));
        Assert.That(Text(installer, "InstallerSha256"), Is.EqualTo(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_msi)))));
        Assert.That(Text(installer, "ProductCode"), Is.EqualTo(MsiTables.Property(_msi, "ProductCode")));
    }

    private YamlMappingNode Load(string name)
    {
        var path = Path.Combine(_folder, name);
        Assert.That(File.Exists(path), Is.True, $"{path} is missing");
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>Each manifest names the same package and version, the MSI's, and the same manifest version.</summary>
    private void SamePackage(YamlMappingNode manifest)
    {
        Assert.That(Text(manifest, "PackageIdentifier"), Is.EqualTo("Indra.Indra"));
        Assert.That(Text(manifest, "PackageVersion"), Is.EqualTo(MsiTables.Property(_msi, "ProductVersion")));
        Assert.That(Text(manifest, "ManifestVersion"), Is.EqualTo("1.6.0"));
    }

    private static void Require(YamlMappingNode node, params string[] fields)
    {
        foreach (var field in fields)
        {
            Assert.That(node.Children.TryGetValue(new YamlScalarNode(field), out var value), Is.True, $"{field} is missing");
            Assert.That(value is YamlScalarNode scalar ? !string.IsNullOrWhiteSpace(scalar.Value) : value is YamlSequenceNode { Children.Count: > 0 }, Is.True, $"{field} is empty");
        }
    }

    private static string? Text(YamlMappingNode node, string field) => ((YamlScalarNode)node.Children[new YamlScalarNode(field)]).Value;
}
