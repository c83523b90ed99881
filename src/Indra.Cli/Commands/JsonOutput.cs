using System.Globalization;
using System.Text.Json;

namespace Indra.Cli.Commands;

/// <summary>
/// The one JSON document a verb prints with <c>--json</c> (docs/json-output.md): written to standard output in one
/// piece after the verb succeeded, snake_case keys, times as UTC ISO 8601 with milliseconds and a <c>Z</c>, absent
/// values <c>null</c>.
/// </summary>
internal static class JsonOutput
{
    /// <summary>The <c>--json</c> option of a verb.</summary>
    internal static System.CommandLine.Option<bool> Option() => new("--json") { Description = "Print one JSON document (docs/json-output.md) instead of lines" };

    /// <summary>Writes the document <paramref name="write"/> builds (into an object it opens and closes) and a newline.</summary>
    internal static void Print(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        using var stdout = Console.OpenStandardOutput();
        buffer.WriteTo(stdout);
        stdout.Write("\n"u8);
    }

    /// <summary>Writes <paramref name="name"/>: <paramref name="time"/> as UTC ISO 8601 with milliseconds, or null.</summary>
    internal static void Time(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value) writer.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else writer.WriteNull(name);
    }

    /// <summary>Writes <paramref name="name"/>: <paramref name="text"/>, or null for null or "".</summary>
    internal static void TextOrNull(Utf8JsonWriter writer, string name, string? text)
    {
        if (string.IsNullOrEmpty(text)) writer.WriteNull(name);
        else writer.WriteString(name, text);
    }
}
