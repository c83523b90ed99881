using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Indra.Control.Wire;

/// <summary>The JSON form of the control API: camelCase names, enums as their names, times as ISO 8601 UTC.</summary>
public static class ControlJson
{
    /// <summary>The serializer options both ends use.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            MaxDepth = 16,
            // A missing or null member a shape does not allow is a malformed request, not a null passed on.
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            // Generated code for the API's own shapes (ControlJsonContext), reflection for anything else.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ControlJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
