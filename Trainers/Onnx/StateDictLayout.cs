using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// One state_dict entry as recorded in a saved model's ONNX metadata: its key, element type and shape, and its values
/// when the graph does not hold it as an initialiser.
/// </summary>
internal sealed record StateDictLayout(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dtype")] string Type,
    [property: JsonPropertyName("shape")] long[] Shape,
    [property: JsonPropertyName("values"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Values)
{
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
