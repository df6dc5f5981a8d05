using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DiveML.Trainers.Scoring;

/// <summary>Input row of <see cref="ScalarFromVectorMapping"/>: the one-element vector an ONNX output becomes.</summary>
public sealed class VectorOfOne
{
    /// <summary>The one-element vector.</summary>
    [VectorType(1)]
    public float[] DiveVector1 { get; set; } = new float[1];
}
