using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Samples.Bench;
using DiveML.Samples.Cli;

namespace DiveML.Samples.Commands;

/// <summary><c>dive bench TARGET</c>: the performance measurements recorded in docs/benchmarks.md.</summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "Benchmarks: 'load' (Fashion-MNIST), 'preprocess' (1M-row CSV), 'train' (MLP vs plain TorchSharp), 'kaggle' (5-fold run).";
    public string Usage => """
        ./dive bench load [--repeats N] [--data-dir DIR]
            Fashion-MNIST: read + decode the 60,000 training images and build the IDataView.
        ./dive bench preprocess [--csv PATH] [--rows N] [--repeats N]
            read_csv + FillNaMean + GetDummies(dummy_na) + materialise every output row; generates the CSV
            (default /tmp/diveml-scale.csv, 1,000,000 rows) with the recipe of pandas-oracle/scale when missing.
        ./dive bench train [--epochs 10] [--rounds 1] [--data-dir DIR]
            DiveML's MLP Fit on Fashion-MNIST (784-256-10, batch 256, SGD lr 0.1) and a plain TorchSharp loop over
            the same preloaded tensors, alternated R times in one process; prints epoch times and their ratio.
        ./dive bench kaggle [--repeats N]
            d2l 4.10's 5-fold run on the house prices (preprocessing per fold, training, evaluation), cold and warm.
        """;

    public int Run(CommandArgs args)
    {
        var target = args.Positional() ?? throw new UsageException("Name a benchmark: load, preprocess, train or kaggle. Run './dive bench --help'.");
        return target switch
        {
            "load" => Load(args),
            "preprocess" => Preprocess(args),
            "train" => TrainBenchmark.Run(args),
            "kaggle" => KaggleBenchmark.Run(args),
            _ => throw new UsageException($"Unknown benchmark '{target}'. Run './dive bench --help'."),
        };
    }

    private static int Load(CommandArgs args)
    {
        int repeats = args.Int("repeats", 5, 1, 100);
        var dir = args.Optional("data-dir");
        args.EnsureAllUsed();
        int count = 0;
        var times = BenchClock.Measure(() => count = FashionMnist.Load(FashionMnistSplit.Train, dir).ToDataView().RowCount, repeats);
        args.Out.WriteLine($"machine: {BenchClock.Machine()}");
        args.Out.WriteLine($"Fashion-MNIST train ({count} images) load + IDataView: median {BenchClock.Median(times):F3} s over {repeats} runs (runs: {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))})");
        return 0;
    }

    private static int Preprocess(CommandArgs args)
    {
        var csv = args.String("csv", "/tmp/diveml-scale.csv");
        int rows = args.Int("rows", 1_000_000, 1, 50_000_000);
        int repeats = args.Int("repeats", 3, 1, 20);
        args.EnsureAllUsed();
        if (!File.Exists(csv))
        {
            args.Error.WriteLine($"generating {csv} ({rows} rows)…");
            ScaleCsvGenerator.Write(csv, rows);
        }
        args.Out.WriteLine($"machine: {BenchClock.Machine()}");
        args.Out.WriteLine($"input: {csv} ({new FileInfo(csv).Length / 1e6:F1} MB)");
        PreprocessBenchmark.RunOnce(csv); // warm-up
        var results = new List<PreprocessBenchmark.Result>();
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            BenchClock.ResetPeak();
            results.Add(PreprocessBenchmark.RunOnce(csv));
        }
        var median = results.OrderBy(r => r.TotalSeconds).ElementAt(results.Count / 2);
        args.Out.WriteLine($"output: {median.Rows} rows × {median.OutputWidth} features; dummy sum {median.DummySum} (10 per row = every block sums to 1); NaN left {median.NaNLeft}");
        args.Out.WriteLine("| phase | median run (s) |");
        args.Out.WriteLine("| --- | --- |");
        args.Out.WriteLine($"| load CSV → IDataView (typed columns) | {median.LoadSeconds:F2} |");
        args.Out.WriteLine($"| fit FillNaMean + GetDummies | {median.FitSeconds:F2} |");
        args.Out.WriteLine($"| materialise every output row | {median.MaterialiseSeconds:F2} |");
        args.Out.WriteLine($"| **end to end** | **{median.TotalSeconds:F2}** |");
        args.Out.WriteLine($"peak RSS (run with the median total): {median.PeakRssBytes / (1024.0 * 1024 * 1024):F2} GiB; all totals: {string.Join(", ", results.Select(r => r.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))} s");
        return 0;
    }
}
