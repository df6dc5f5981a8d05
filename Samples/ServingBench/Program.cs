// Serving benchmark: latency (p50/p99) and throughput of Samples/Serving over loopback, single-row and batch requests,
// next to ML.NET's in-process PredictionEngine on the same saved model (the floor), measured in the same run.
//   dotnet Samples/ServingBench/bin/Release/net10.0/DiveML.ServingBench.dll [--requests 2000] [--out DIR]
// Models: a regression MLP ensemble (5 × [256], dropout 0.5, the `dive kaggle` MLP's shape) on the 331 house-prices
// features, and d2l's Fashion-MNIST MLP ([256]) on 784 pixels. Latency does not depend on how long they trained, so they
// train for one epoch.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using DiveML.Extensions.Data;
using DiveML.Extensions.Kaggle;
using DiveML.ServingBench;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

int requests = Arg("--requests", 2000);
string outDir = ArgText("--out") ?? Directory.CreateTempSubdirectory("diveml-serving-bench-").FullName;
Directory.CreateDirectory(outDir);
var ml = new MLContext(0);
var root = RepoRoot();

Console.WriteLine($"# serving benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {requests} requests per line");
var house = TabularData.Load(Path.Combine(root, "data/house-prices/train.csv"), null, "SalePrice", "Id", TabularTask.Regression);
var featurized = TabularPipeline.Featurizer(ml, house)
    .Append(ml.Transforms.SelectColumns("Features", "Label"))
    .Fit(TabularPipeline.PrepareLabels(ml, house, logTarget: true).Transform(house.Train))
    .Transform(TabularPipeline.PrepareLabels(ml, house, logTarget: true).Transform(house.Train));
var ensemble = ml.Regression.Trainers.TorchMlp(new MlpOptions
{
    Seed = 1, HiddenLayers = [256], Dropout = [0.5], Epochs = 1, EnsembleSize = 5, Optimizer = OptimizerKind.Adam, LearningRate = 0.002,
}).Fit(featurized);
var fashion = ml.Data.LoadFashionMnist(FashionMnistSplit.Test);
var mlp = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 1, Epochs = 1 }).Fit(fashion);

var results = new List<string>();
foreach (var (name, model, data, multiclass) in new[] { ("house-prices MLP ensemble (5 × 256)", (ITransformer)ensemble, featurized, false), ("Fashion-MNIST MLP (256)", mlp, fashion, true) })
{
    var path = Path.Combine(outDir, (multiclass ? "fashion-mnist-mlp" : "house-prices-ensemble") + ".zip");
    ml.Model.Save(model, data.Schema, path);
    var rows = data.GetColumn<float[]>("Features").Take(1000).ToArray();
    var floor = Floor.Measure(ml, path, rows, requests, multiclass);
    Console.WriteLine($"## {name}: {rows[0].Length} features");
    Console.WriteLine("| measurement | p50 ms | p99 ms | rows/s | p50 per row ÷ floor | floor rows/s ÷ rows/s |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
    Console.WriteLine(floor.Line("in-process PredictionEngine, 1 row, 1 thread (floor)", floor));
    await using (var server = await ServerProcess.Start(root, path))
    {
        var bodies = rows.Select(r => Json.Row(r)).ToArray();
        var batches = Enumerable.Range(0, rows.Length / 64).Select(b => "[" + string.Join(',', bodies.Skip(b * 64).Take(64)) + "]").ToArray();
        foreach (var (what, path2, payloads, rowsPer, concurrency) in new[]
        {
            ("HTTP /predict, 1 row, 1 client", "/predict", bodies, 1, 1),
            ("HTTP /predict, 1 row, 8 clients", "/predict", bodies, 1, 8),
            ("HTTP /predict/batch, 64 rows, 1 client", "/predict/batch", batches, 64, 1),
            ("HTTP /predict/batch, 64 rows, 4 clients", "/predict/batch", batches, 64, 4),
        })
        {
            int count = rowsPer == 1 ? requests : Math.Max(20, requests / 64);
            var result = await LoadGenerator.Run(server.Client, path2, payloads, count, concurrency, rowsPer);
            Console.WriteLine(result.Line(what, floor));
        }
        Console.WriteLine($"(server working set after the run: {server.WorkingSetMegabytes():F0} MB)");
    }
    Console.WriteLine();
}
return 0;

int Arg(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "DiveML.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run the benchmark from its build folder inside the repository.");
}
