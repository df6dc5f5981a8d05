using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// Turns ONNX's <c>Vector&lt;Single, 1&gt;</c> output into a scalar (no ML.NET built-in does). Stateless, so saved models
/// only record its contract name; ML.NET finds this factory in the DiveML.Trainers assembly when loading.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ScalarFromVectorMapping : CustomMappingFactory<VectorOfOne, ScalarOfOne>
{
    /// <summary>The versioned contract name stored in model files.</summary>
    public const string ContractName = "DiveML.ScalarFromVector.v1";

    /// <summary>The mapping.</summary>
    public static void Map(VectorOfOne input, ScalarOfOne output) => output.DiveScalar = input.DiveVector1[0];

    /// <inheritdoc/>
    public override Action<VectorOfOne, ScalarOfOne> GetMapping() => Map;
}
