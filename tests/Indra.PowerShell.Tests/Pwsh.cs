using System.Text.Json;

namespace Indra.PowerShell.Tests;

/// <summary>
/// Runs a script in a real pwsh (the pinned local tool, <c>dotnet tool run pwsh</c>) that has imported the built module
/// and defines <c>$r</c>, an ordered table the script fills; the table is written as JSON (<c>ConvertTo-Json
/// -EnumsAsStrings</c>) and parsed. <c>Check NAME { ... }</c> stores a block's output under NAME, or, when it fails,
/// an object with the error's Message, Category and Id, so one pwsh process carries many checks.
/// </summary>
internal static class Pwsh
{
    private const string Prelude = """
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        Import-Module $env:INDRA_TEST_MODULE
        $r = [ordered]@{}
        # Vault items as plain objects: their own properties and where they are, not PowerShell's drive and provider objects.
        function Plain { process { if ($_.PSObject.TypeNames -contains 'Indra.Control.Model.VaultItem') { $_ | Select-Object Path, Name, Kind, Id, Size, Modified, Mode, Steward, LeafType, TreeType, AccessMode, Heat, ReadOnly, Vault, PSPath } else { $_ } } }
        function Check([string] $name, [scriptblock] $block) {
            try { $r[$name] = @(& $block | Plain) }
            catch { $r[$name] = [ordered]@{ Message = "$_"; Category = "$($_.CategoryInfo.Category)"; Id = $_.FullyQualifiedErrorId } }
        }

        """;

    private const string Epilogue = """

        $r | ConvertTo-Json -Depth 6 -EnumsAsStrings
        """;

    /// <summary>Runs <paramref name="script"/> and returns <c>$r</c>; fails the test when pwsh fails.</summary>
    internal static JsonElement Run(string script, IDictionary<string, string>? environment = null)
    {
        var file = Path.Combine(Path.GetTempPath(), "indra-test-" + Guid.NewGuid().ToString("N")[..12] + ".ps1");
        File.WriteAllText(file, Prelude + script + Epilogue);
        try
        {
            var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["INDRA_TEST_MODULE"] = ModuleFolder.Manifest, ["INDRA_CLI"] = ModuleFolder.Cli };
            variables.TryAdd("INDRA_VAULT", Path.Combine(Path.GetTempPath(), "no-default-vault"));
            var result = Shell.Run("dotnet", ["tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-File", file], ModuleFolder.Repository, TimeSpan.FromMinutes(8), variables).Ok();
            var json = result.Stdout[result.Stdout.IndexOf('{', StringComparison.Ordinal)..];
            TestContext.Out.WriteLine(json);
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A single-quoted PowerShell string literal of <paramref name="text"/>.</summary>
    internal static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>Reading <c>$r</c>'s entries.</summary>
internal static class ResultExtensions
{
    /// <summary>The output of check <paramref name="name"/>: an array of what the block wrote.</summary>
    internal static JsonElement Output(this JsonElement result, string name)
    {
        var value = result.GetProperty(name);
        Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Array), $"{name} failed: {value}");
        return value;
    }

    /// <summary>The single object check <paramref name="name"/> wrote.</summary>
    internal static JsonElement Single(this JsonElement result, string name)
    {
        var output = result.Output(name);
        Assert.That(output.GetArrayLength(), Is.EqualTo(1), $"{name} wrote {output}");
        return output[0];
    }

    /// <summary>The error check <paramref name="name"/> ended with: (category, message).</summary>
    internal static (string Category, string Message, string Id) Error(this JsonElement result, string name)
    {
        var value = result.GetProperty(name);
        Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Object), $"{name} did not fail: {value}");
        return (value.GetProperty("Category").GetString()!, value.GetProperty("Message").GetString()!, value.GetProperty("Id").GetString()!);
    }

    /// <summary>A string property.</summary>
    internal static string Text(this JsonElement element, string property) => element.GetProperty(property).ToString();
}
