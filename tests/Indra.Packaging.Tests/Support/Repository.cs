namespace Indra.Packaging.Tests.Support;

/// <summary>Paths in the source tree the tests run from (the folder holding Indra.sln).</summary>
internal static class Repository
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of <paramref name="relative"/> (with '/' separators) under the root.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Indra.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Indra.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
