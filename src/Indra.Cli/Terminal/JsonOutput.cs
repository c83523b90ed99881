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
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
