namespace Indra.PowerShell.Tests;

/// <summary>
/// The module folder under test, built once per run by build/module.sh into a temporary folder (as a user builds it),
/// and deleted after the last test.
/// </summary>
[SetUpFixture]
public sealed class ModuleFolder
{
    private static string? _path;

    /// <summary>The repository's root (five levels above bin/CONFIGURATION/TFM).</summary>
    internal static string Repository
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            return output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        }
    }

    /// <summary>FOLDER/Indra.psd1 of the built module.</summary>
    internal static string Manifest => Path.Combine(_path ?? throw new InvalidOperationException("the module is not built"), "Indra.psd1");

    /// <summary>The indra CLI the daemon tests run (src/Indra.Cli's own build), for Mount-IndraVault via $env:INDRA_CLI.</summary>
    internal static string Cli
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            return Path.Combine(Repository, "src", "Indra.Cli", "bin", output.Parent!.Name, output.Name, "indra.dll");
        }
    }

    [OneTimeSetUp]
    public void Build()
    {
        _path = Path.Combine(Path.GetTempPath(), "indra-module-" + Guid.NewGuid().ToString("N")[..12], "Indra");
        Shell.Run(Path.Combine(Repository, "build", "module.sh"), ["--no-build", _path], workingDirectory: Repository, timeout: TimeSpan.FromMinutes(5)).Ok();
        Assert.That(File.Exists(Manifest), Is.True, $"build/module.sh made no {Manifest}");
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (_path is not null && Directory.Exists(Path.GetDirectoryName(_path))) Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }
}
