using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DiveML.Trainers.Scoring;

/// <summary>Output row of <see cref="ScalarFromVectorMapping"/>.</summary>
public sealed class ScalarOfOne
{
    /// <summary>The element as a scalar.</summary>
    public float DiveScalar { get; set; }
}
