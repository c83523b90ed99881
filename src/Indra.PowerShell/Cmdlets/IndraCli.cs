namespace Indra.PowerShell.Cmdlets;

/// <summary>
/// Finds the indra CLI that Mount-IndraVault starts: <c>$env:INDRA_CLI</c> (the <c>indra</c> executable or
/// <c>indra.dll</c>, run with dotnet), else <c>indra</c> (or <c>indra.dll</c>) beside the module's Indra.dll, else
/// <c>indra</c> on PATH.
/// </summary>
internal static class IndraCli
{
    /// <summary>The program to start and the arguments that precede the verb (the dll for <c>dotnet indra.dll</c>).</summary>
    /// <exception cref="FileNotFoundException">No CLI is found.</exception>
    internal static (string Program, string[] Prefix) Locate(string currentDirectory)
    {
        var given = Environment.GetEnvironmentVariable("INDRA_CLI");
        if (!string.IsNullOrEmpty(given)) return Launch(Path.GetFullPath(given, currentDirectory));
        var beside = Path.GetDirectoryName(typeof(IndraCli).Assembly.Location) ?? "";
        foreach (var name in new[] { Executable, "indra.dll" })
        {
            var candidate = Path.Combine(beside, name);
            if (File.Exists(candidate)) return Launch(candidate);
        }
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, Executable);
            if (File.Exists(candidate)) return Launch(candidate);
        }
        throw new FileNotFoundException("the indra CLI is not found: set $env:INDRA_CLI to it, put it beside the module or on PATH");
    }

    private static string Executable => OperatingSystem.IsWindows() ? "indra.exe" : "indra";

    private static (string, string[]) Launch(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [path]) : (path, []);
}
