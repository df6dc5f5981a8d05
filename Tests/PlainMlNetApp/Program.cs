// Loads ML.NET model zips and scores CSV files with them, printing the prediction columns as exact text (one TSV per
// model). Usage:
//   PlainMlNetApp MODEL.zip DATA.csv [COLUMN,COLUMN...]          prints to standard output
//   PlainMlNetApp --batch JOBS.tsv                               one job per line: MODEL.zip <tab> DATA.csv <tab> OUT.tsv <tab> COLUMNS
// Columns default to whichever of PredictedLabel, Score, Probability and Prediction the model outputs.
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using PlainMlNetApp;

var ml = new MLContext(seed: 1);
// ML.NET copies each ONNX model to a temporary file with a random name, and ONNX Runtime reads a file that happens to
// end in .ort (once in 32,768) as its own format and fails (dotnet/machinelearning#7339): read every model as ONNX.
ml.SetOnnxSessionOption(new OnnxSessionOptions
{
    CreateSessionOptions = () =>
    {
        var options = new SessionOptions();
        options.AddSessionConfigEntry("session.load_model_format", "ONNX");
        return options;
    },
});
try
{
    if (args.Length == 2 && args[0] == "--batch")
    {
        foreach (var line in File.ReadAllLines(args[1]).Where(l => l.Length > 0))
        {
            var job = line.Split('\t');
            using var output = new StreamWriter(job[2]);
            Score(ml, job[0], job[1], job.Length > 3 ? job[3] : null, output);
        }
        return 0;
    }
    if (args.Length is 2 or 3)
    {
        Score(ml, args[0], args[1], args.Length == 3 ? args[2] : null, Console.Out);
        return 0;
    }
    Console.Error.WriteLine("usage: PlainMlNetApp MODEL.zip DATA.csv [COLUMNS] | PlainMlNetApp --batch JOBS.tsv");
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine($"{e.GetType().FullName}: {e.Message}");
    for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        Console.Error.WriteLine($"  <- {inner.GetType().FullName}: {inner.Message}");
    return 1;
}

static void Score(MLContext ml, string modelPath, string dataPath, string? columns, TextWriter output)
{
    var model = ml.Model.Load(modelPath, out var inputSchema);
    var data = CsvInput.Load(ml, dataPath, inputSchema);
    var scored = model.Transform(data);
    string[] wanted = columns is { Length: > 0 }
        ? columns.Split(',')
        : new[] { "PredictedLabel", "Score", "Probability", "Prediction" }.Where(c => scored.Schema.GetColumnOrNull(c) is not null).ToArray();
    PredictionText.Write(scored, wanted, output);
}
