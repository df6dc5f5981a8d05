using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>A named parameter of a trained network, copied to the CPU.</summary>
/// <param name="Name">TorchSharp's parameter name, e.g. <c>hidden1.weight</c>.</param>
/// <param name="Shape">Its shape (Linear weights are [out, in], as torch).</param>
/// <param name="Values">Its values, row-major.</param>
public sealed record NamedParameter(string Name, long[] Shape, float[] Values);
