using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// ONNX Runtime session settings for the scoring chains that trainers build: one thread per session.
/// </summary>
/// <remarks>
/// ML.NET's ONNX transformer runs the network once per row, so a session's own thread pool has nothing to share out: its
/// threads only spin after every row and take a core from the caller (OpenMP's and ONNX Runtime's idle threads both
/// spin by default), and a pool that is never disposed is joined by the finalizer thread. With one intra-op thread ONNX
/// Runtime creates no pool at all and runs each row on the calling thread; ML.NET still scores parallel cursors on
/// several threads. Measured in docs/benchmarks.md ("House prices against the d2l script").
/// </remarks>
internal static class ScoringSessions
{
    /// <summary>Makes every ONNX session that <paramref name="env"/> creates single-threaded; returns the context.</summary>
    public static MLContext OneThreadPerSession(MLContext env)
    {
        env.SetOnnxSessionOption(new OnnxSessionOptions { CreateSessionOptions = Create });
        return env;
    }

    private static SessionOptions Create()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
