using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.ServingBench;

/// <summary>ML.NET's own PredictionEngine on the loaded model, in this process: what serving costs without HTTP and JSON.</summary>
public static class Floor
{
    private sealed class Input
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class RegressionOutput
    {
        public float Score { get; set; }
    }

    private sealed class MulticlassOutput
    {
        public uint PredictedLabel { get; set; }
        public float[] Score { get; set; } = [];
    }

    public static Latencies Measure(MLContext ml, string path, float[][] rows, int requests, bool multiclass)
    {
        var model = ml.Model.Load(path, out _);
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        Func<Input, object> predict = multiclass
            ? ml.Model.CreatePredictionEngine<Input, MulticlassOutput>(model, inputSchemaDefinition: schema).Predict
            : ml.Model.CreatePredictionEngine<Input, RegressionOutput>(model, inputSchemaDefinition: schema).Predict;
        var inputs = rows.Select(r => new Input { Features = r }).ToArray();
        for (int i = 0; i < 500; i++) predict(inputs[i % inputs.Length]); // warm-up
        var times = new double[requests];
        var total = Stopwatch.StartNew();
        for (int i = 0; i < requests; i++)
        {
            long start = Stopwatch.GetTimestamp();
            predict(inputs[i % inputs.Length]);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return new Latencies(times, total.Elapsed.TotalSeconds, 1);
    }
}
