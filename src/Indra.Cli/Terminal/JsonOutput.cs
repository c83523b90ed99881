using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Indra.Cli.Terminal;

/// <summary>
/// Writes a verb's <c>--json</c> document (docs/json-output.md): snake_case keys, enums as snake_case names, times as
/// ISO 8601 UTC with milliseconds and a Z, nulls written (never omitted), indented; JSON lines for streams.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = Create(indented: true);
    private static readonly JsonSerializerOptions Compact = Create(indented: false);

    /// <summary>Prints <paramref name="document"/> as the one document on standard output.</summary>
    public static void Write<T>(T document) => Console.Out.WriteLine(JsonSerializer.Serialize(document, Indented));

    /// <summary>Prints <paramref name="document"/> as one line (JSON lines) and flushes it.</summary>
    public static void WriteLine<T>(T document)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(document, Compact));
        Console.Out.Flush();
    }

    /// <summary>Writes the document <paramref name="write"/> builds (into an object it opens and closes) as the one
    /// document on standard output, for verbs that write their fields one by one.</summary>
    public static void Print(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        Console.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        Console.Out.WriteLine();
        Console.Out.Flush();
    }

    /// <summary>Writes <paramref name="name"/>: <paramref name="time"/> as UTC ISO 8601 with milliseconds, or null.</summary>
    public static void Time(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value) writer.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else writer.WriteNull(name);
    }

    /// <summary>Writes <paramref name="name"/>: <paramref name="text"/>, or null for null or "".</summary>
    public static void TextOrNull(Utf8JsonWriter writer, string name, string? text)
    {
        if (string.IsNullOrEmpty(text)) writer.WriteNull(name);
        else writer.WriteString(name, text);
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = indented,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new UtcConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Times as <c>2026-12-06T12:00:00.000Z</c>.</summary>
    private sealed class UtcConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
