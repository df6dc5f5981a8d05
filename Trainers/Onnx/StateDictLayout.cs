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
    /// <summary>
    /// The JSON contract, source-generated: the reflection serializer's first use cost about 25 ms in every thread that
    /// exported a network at once (the first folds of a cross-validation), measured.
    /// </summary>
    public static StateDictLayoutJson Json => StateDictLayoutJson.Default;
}

/// <summary>How <see cref="StateDictLayout"/> lists are written and read: NaN and infinities by name, as PyTorch's values may hold them.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(List<StateDictLayout>))]
[JsonSerializable(typeof(StateDictLayout[]))]
internal sealed partial class StateDictLayoutJson : JsonSerializerContext;
