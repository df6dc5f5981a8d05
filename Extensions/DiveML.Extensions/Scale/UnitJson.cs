using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiveML.Extensions.Scale;

/// <summary>
/// The JSON every unit of work and result is written in: one fixed set of options, so the same value always gives the
/// same text (unit ids are hashes of it) and doubles round-trip exactly (NaN and infinities included).
/// </summary>
public static class UnitJson
{
    /// <summary>The serializer options: camelCase, enums as text, named floating-point literals, no indentation.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON text of <paramref name="value"/>.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads <paramref name="json"/>; a malformed text says what it was meant to be.</summary>
    public static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"The {what} is empty (JSON null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The {what} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
