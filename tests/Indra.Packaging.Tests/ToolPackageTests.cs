using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Indra.Packaging.Tests.Support;

namespace Indra.Packaging.Tests;

/// <summary>
/// The .NET tool (build/package-tool.sh): the package Indra is a tool whose command is indra, and
/// <c>dotnet tool install --global --add-source DIR Indra</c> installs a working <c>indra</c>. The install goes to a
/// home of the test's own (DOTNET_CLI_HOME), so the machine's tools are not touched.
/// </summary>
[TestFixture]
[Category("Packaging")]
public sealed class ToolPackageTests
{
    private string _package = "";
    private string _home = "";

    [OneTimeSetUp]
    public void Pack()
    {
        _package = PackageBuilds.Tool;
        _home = Directory.CreateTempSubdirectory("indra-tool-").FullName;
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (_home.Length > 0) Directory.Delete(_home, recursive: true);
    }

    [Test]
    public void Package_IsAToolWithTheCommandIndra()
    {
        using var zip = ZipFile.OpenRead(_package);
        var settings = zip.Entries.SingleOrDefault(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.That(settings, Is.Not.Null, "no DotnetToolSettings.xml: not a .NET tool package");
        using var stream = settings!.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        Assert.That(command.Attribute("Name")?.Value, Is.EqualTo("indra"));
        Assert.That(command.Attribute("EntryPoint")?.Value, Is.EqualTo("indra.dll"));
    }

    [Test]
    public void GlobalInstall_FromTheFolder_RunsIndraVersion()
    {
        var version = PackageVersion();
        // Only the package's folder as a source (no nuget.org), in a folder of the test's own.
        File.WriteAllText(Path.Combine(_home, "nuget.config"),
            "<configuration><packageSources><clear /></packageSources></configuration>");
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_HOME"] = _home,
            ["HOME"] = _home,
            ["NUGET_PACKAGES"] = Path.Combine(_home, "packages"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        Shell.Run("dotnet", ["tool", "install", "--global", "--add-source", Path.GetDirectoryName(_package)!, "Indra", "--version", version],
            _home, TimeSpan.FromMinutes(5), environment).Ok();
        var indra = Path.Combine(_home, ".dotnet", "tools", "indra");
        Assert.That(File.Exists(indra), Is.True, "the tool's command is not in ~/.dotnet/tools");
        // The tool's launcher finds the runtime through DOTNET_ROOT: the one these tests run on.
        environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var printed = Shell.Run(indra, ["--version"], _home, TimeSpan.FromMinutes(1), environment).Ok().Stdout.Trim();
        Assert.That(printed.Split('+')[0], Is.EqualTo(version));
    }

    /// <summary>The version in the package's .nuspec.</summary>
    private string PackageVersion()
    {
        using var zip = ZipFile.OpenRead(_package);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Descendants().Single(e => e.Name.LocalName == "version").Value;
    }
}
