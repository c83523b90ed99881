using System.CommandLine;

namespace Indra.Cli.Terminal;

/// <summary>The <c>--json</c> option of every verb that reports (docs/json-output.md).</summary>
internal static class JsonOption
{
    /// <summary>A new <c>--json</c> option.</summary>
    internal static Option<bool> Create() => new("--json") { Description = "Print one JSON document (docs/json-output.md) instead of text" };
}
