namespace Indra.Packaging.Tests.Support;

/// <summary>
/// The packages under test, each built once per test run by its script in build/ (the scripts users run), however
/// many fixtures look at it: publishes are slow.
/// </summary>
internal static class PackageBuilds
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);

    private static readonly Lazy<string> DebPackage = new(() => Script("build/package-deb.sh"));
    private static readonly Lazy<string> MsiPackage = new(() => Script("build/package-msi.sh"));
    private static readonly Lazy<string> ToolPackage = new(() =>
        // The test project's build builds the CLI in Release (its project reference); pack that build as it is.
        File.Exists(Repository.Path("src/Indra.Cli/bin/Release/net10.0/indra.dll")) ? Script("build/package-tool.sh", "--no-build") : Script("build/package-tool.sh"));

    /// <summary>artifacts/packages/indra_VERSION_amd64.deb (build/package-deb.sh).</summary>
    public static string Deb => DebPackage.Value;

    /// <summary>artifacts/packages/indra-VERSION-x64.msi with the winget manifests and policy templates (build/package-msi.sh).</summary>
    public static string Msi => MsiPackage.Value;

    /// <summary>artifacts/packages/tool/Indra.VERSION.nupkg (build/package-tool.sh).</summary>
    public static string Tool => ToolPackage.Value;

    /// <summary>The self-contained publish a package was made from (build/package-publish.sh RID).</summary>
    public static string Publish(string runtime) => Repository.Path("artifacts/publish/" + runtime);

    /// <summary>Runs a packaging script and returns the absolute path it prints last.</summary>
    private static string Script(string script, params string[] arguments)
    {
        var result = Shell.Run(Repository.Path(script), arguments, Repository.Root, Patience);
        Assert.That(result.ExitCode, Is.Zero, $"{script} failed:\n{result.Stderr}\n{result.Stdout}");
        var path = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        var full = System.IO.Path.GetFullPath(path, Repository.Root);
        Assert.That(File.Exists(full), Is.True, $"{script} printed {path}, which does not exist");
        return full;
    }
}
