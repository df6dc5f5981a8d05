using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;

namespace DiveML.Trainers;

/// <summary>
/// ONNX Runtime session settings for scoring DiveML's networks in ML.NET: every session that an <see cref="MLContext"/>
/// creates for <c>ApplyOnnxModel</c> — when a trainer builds its scoring chain, or when a saved model is loaded — reads
/// its model as ONNX and runs on the calling thread. DiveML's trainers apply them to the contexts they build with;
/// apply them to your own context before <c>Model.Load</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>ML.NET writes the model bytes to a temporary file named by <see cref="Path.GetRandomFileName"/>, whose three
/// random extension letters are "ort" once in 32,768 files, and ONNX Runtime reads a file ending in .ort as its own
/// flatbuffer format: "ORT model verification failed" (dotnet/machinelearning#7339; it failed one CI run here).
/// <c>session.load_model_format = ONNX</c> makes the file name irrelevant.</item>
/// <item>ML.NET's ONNX transformer runs the network once per row, so a session's own thread pool has nothing to share
/// out: its threads spin after every row and take a core from the caller, and a pool never disposed is joined by the
/// finalizer thread (0.86 s of a 2.5 s house-prices run). With one intra-op thread ONNX Runtime creates no pool and runs
/// each row on the calling thread; ML.NET still scores parallel cursors on several threads.</item>
/// </list>
/// Sessions are created on the CPU (the settings replace ML.NET's own session options, GPU device included).
/// </remarks>
public static class OnnxSessions
{
    /// <summary>Makes every ONNX Runtime session that <paramref name="mlContext"/> creates use these settings; returns the context.</summary>
    /// <param name="mlContext">The context to configure.</param>
    public static MLContext Configure(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.SetOnnxSessionOption(new OnnxSessionOptions { CreateSessionOptions = Create });
        return mlContext;
    }

    /// <summary>New session options with these settings (each session takes its own).</summary>
    internal static SessionOptions Create()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.load_model_format", "ONNX");
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
